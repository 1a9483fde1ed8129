/** ClaimService and CoverageService against the real database: claims from a clerk, decisions by the claim's insurer only, payment by the insurer once. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, openBillingTestDatabase } from '../../test/service-kit';

let t: Awaited<ReturnType<typeof openBillingTestDatabase>>;
beforeAll(async () => {
  t = await openBillingTestDatabase();
});
afterAll(() => t?.db.close());

async function claimed() {
  const { facts, invoice } = await t.issuedInvoice();
  const acme = await t.insurer();
  const coverage = await t.billing.coverages.add(t.clerk, { patientId: facts.patientId, insurerId: acme.organizationId, policyNumber: 'POL-1' });
  const claim = await t.billing.claims.submit(t.clerk, invoice.id, coverage.id);
  return { facts, invoice, acme, coverage, claim };
}

describe('CoverageService', () => {
  it('adds coverage with an INSURER only, once per policy, as a billing clerk', async () => {
    const patientId = (await t.booking()).patientId;
    const { organizationId } = await t.insurer();
    const hospital = randomUUID();
    await t.db.prisma.knownOrganization.create({ data: { id: hospital, type: 'HOSPITAL' } });
    const input = { patientId, insurerId: organizationId, policyNumber: 'ABC-123' };
    for (const who of [t.as('ADMIN'), t.as('PATIENT', { patientId })]) expect(await codeOf(t.billing.coverages.add(who, input))).toBe('FORBIDDEN');
    expect(await codeOf(t.billing.coverages.add(t.clerk, { ...input, insurerId: hospital }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.billing.coverages.add(t.clerk, { ...input, insurerId: randomUUID() }))).toBe('NOT_FOUND');
    expect(await codeOf(t.billing.coverages.add(t.clerk, { ...input, patientId: randomUUID() }))).toBe('NOT_FOUND');
    expect(await t.billing.coverages.add(t.clerk, input)).toMatchObject({ active: true, policyNumber: 'ABC-123' });
    expect(await codeOf(t.billing.coverages.add(t.clerk, input))).toBe('CONFLICT');
  }, 20_000);
});

describe('ClaimService', () => {
  it("claims an ISSUED invoice's balance from an active coverage of the same patient, one open claim at a time", async () => {
    const { facts, invoice } = await t.issuedInvoice();
    await t.billing.invoices.recordPayment(t.clerk, { invoiceId: invoice.id, amount: '25.00', method: 'CASH', idempotencyKey: randomUUID() });
    const acme = await t.insurer();
    const coverage = await t.billing.coverages.add(t.clerk, { patientId: facts.patientId, insurerId: acme.organizationId, policyNumber: 'POL-2' });
    const stranger = await t.billing.coverages.add(t.clerk, { patientId: (await t.booking()).patientId, insurerId: acme.organizationId, policyNumber: 'POL-3' });
    expect(await codeOf(t.billing.claims.submit(t.clerk, invoice.id, stranger.id))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.billing.claims.submit(t.as('ADMIN'), invoice.id, coverage.id))).toBe('FORBIDDEN');
    const outcomes = await Promise.all([1, 2, 3].map(() => codeOf(t.billing.claims.submit(t.clerk, invoice.id, coverage.id))));
    expect(outcomes.sort()).toEqual(['CONFLICT', 'CONFLICT', 'ok']);
    const [claim] = await t.db.prisma.claim.findMany({ where: { invoiceId: invoice.id } });
    expect([claim!.status, claim!.amount.toFixed(2), claim!.insurerId]).toEqual(['SUBMITTED', '100.00', acme.organizationId]);
    expect(await codeOf(t.billing.invoices.void(t.clerk, invoice.id, 'Mistake'))).toBe('CONFLICT');
    const [submitted] = (await t.db.recorded('billing.claim.submitted')).filter((e) => e.aggregateId === claim!.id);
    expect(submitted!.payload).toMatchObject({ patientId: facts.patientId, insurerId: acme.organizationId, amount: '100.00' });
    // An inactive coverage takes no new claims.
    const second = await t.book({ ...(await t.booking()), patientId: facts.patientId });
    await t.billing.invoices.issue(t.clerk, second.id);
    await t.billing.coverages.deactivate(t.clerk, coverage.id);
    expect(await codeOf(t.billing.claims.submit(t.clerk, second.id, coverage.id))).toBe('CONFLICT');
  });

  it("is decided only by a user of the claim's insurer, never for more than claimed, and a denial needs a reason", async () => {
    const { claim, acme } = await claimed();
    const other = await t.insurer();
    expect(await codeOf(t.billing.claims.adjudicate(other.user, claim.id, { decision: 'APPROVE', approvedAmount: '1.00' }))).toBe('FORBIDDEN');
    expect(await codeOf(t.billing.claims.adjudicate(t.clerk, claim.id, { decision: 'APPROVE', approvedAmount: '1.00' }))).toBe('FORBIDDEN');
    expect(await codeOf(t.billing.claims.adjudicate(t.as('INSURANCE_PROVIDER'), claim.id, { decision: 'APPROVE', approvedAmount: '1.00' }))).toBe('FORBIDDEN');
    expect(await codeOf(t.billing.claims.adjudicate(acme.user, claim.id, { decision: 'APPROVE', approvedAmount: '125.01' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.billing.claims.adjudicate(acme.user, claim.id, { decision: 'APPROVE' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(t.billing.claims.adjudicate(acme.user, claim.id, { decision: 'DENY' }))).toBe('BAD_USER_INPUT');
    await expect(t.db.prisma.$executeRawUnsafe(`UPDATE claims SET status = 'APPROVED', approved_amount = amount + 1 WHERE id = $1::uuid`, claim.id)).rejects.toThrow(/claims_approved_within_amount/);
    await expect(t.db.prisma.$executeRawUnsafe(`UPDATE claims SET status = 'DENIED' WHERE id = $1::uuid`, claim.id)).rejects.toThrow(/claims_denied_has_reason/);
    const decisions = await Promise.all([
      codeOf(t.billing.claims.adjudicate(acme.user, claim.id, { decision: 'APPROVE', approvedAmount: '100.00' })),
      codeOf(t.billing.claims.adjudicate(acme.user, claim.id, { decision: 'DENY', reason: 'Not covered' })),
    ]);
    expect(decisions.sort()).toEqual(['CONFLICT', 'ok']);
  });

  it('reopens the invoice when denied; an approved claim is paid once, by an INSURANCE payment', async () => {
    const denied = await claimed();
    await t.billing.claims.adjudicate(denied.acme.user, denied.claim.id, { decision: 'DENY', reason: 'Policy lapsed' });
    expect((await t.db.prisma.invoice.findUnique({ where: { id: denied.invoice.id } }))!.openClaimId).toBeNull();
    expect(await codeOf(t.billing.claims.markPaid(t.clerk, denied.claim.id))).toBe('CONFLICT');

    const { claim, acme, invoice } = await claimed();
    await t.billing.claims.adjudicate(acme.user, claim.id, { decision: 'APPROVE', approvedAmount: '125.00' });
    expect(await codeOf(t.billing.claims.markPaid(acme.user, claim.id))).toBe('FORBIDDEN');
    const outcomes = await Promise.all([1, 2].map(() => codeOf(t.billing.claims.markPaid(t.clerk, claim.id))));
    expect(outcomes.sort()).toEqual(['CONFLICT', 'ok']);
    const paid = (await t.db.prisma.invoice.findUnique({ where: { id: invoice.id }, include: { payments: true } }))!;
    expect([paid.status, paid.openClaimId, paid.payments.map((p) => [p.method, p.amount.toFixed(2), p.claimId])]).toEqual(['PAID', null, [['INSURANCE', '125.00', claim.id]]]);
  });

  it("shows a claim to the clerk, the patient and the claim's insurer only, in reads and lists", async () => {
    const { claim, acme, facts } = await claimed();
    const other = await t.insurer();
    expect(await t.billing.claims.get(acme.user, claim.id)).toMatchObject({ id: claim.id });
    expect(await t.billing.claims.get(t.as('PATIENT', { patientId: facts.patientId }), claim.id)).toMatchObject({ id: claim.id });
    for (const who of [other.user, t.as('ADMIN'), t.as('PATIENT', { patientId: randomUUID() }), t.as('DOCTOR')]) expect(await codeOf(t.billing.claims.get(who, claim.id))).toBe('FORBIDDEN');
    const listed = async (who: ReturnType<typeof t.as>) => (await t.billing.claims.list(who, { first: 100 })).nodes.map((c) => c.id);
    expect(await listed(acme.user)).toEqual([claim.id]);
    expect(await listed(other.user)).toEqual([]);
    expect(await listed(t.clerk)).toContain(claim.id);
  });
});
