/** CoverageService against its real database: a billing clerk adds a policy with a known INSURER for a known active patient once, and ends it once. */
import { randomUUID } from 'node:crypto';
import type { Coverage } from '../generated/prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, openBillingTestDatabase } from '../../test/service-kit';

let t: Awaited<ReturnType<typeof openBillingTestDatabase>>;
beforeAll(async () => {
  t = await openBillingTestDatabase();
});
afterAll(() => t?.db.close());

/** The code and the field of the error a call ends with, e.g. "BAD_USER_INPUT insurerId", or 'ok'. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(() => 'ok', (error: { extensions?: { code?: string; field?: string } }) => `${error.extensions?.code} ${error.extensions?.field ?? ''}`.trim());
/** A patient this context knows of (as its consumers record them). */
async function knownPatient(active = true) {
  const patientId = randomUUID();
  await t.db.prisma.knownPatient.create({ data: { id: patientId, active } });
  return patientId;
}

describe('CoverageService', () => {
  it('lets only a billing clerk add a coverage, active, and announces it', async () => {
    const patientId = await knownPatient();
    const { organizationId: insurerId, user: insurer } = await t.insurer();
    const input = { patientId, insurerId, policyNumber: 'POL-1001' };
    expect(await codeOf(t.billing.coverages.add(t.access(undefined), input))).toBe('UNAUTHENTICATED');
    for (const who of [t.as('ADMIN'), t.as('PATIENT', { patientId }), t.as('DOCTOR'), insurer]) expect(await codeOf(t.billing.coverages.add(who, input)), who.viewer?.role).toBe('FORBIDDEN');
    expect(await t.db.prisma.coverage.count({ where: { patientId } })).toBe(0);

    const coverage = await t.billing.coverages.add(t.clerk, { ...input, policyNumber: '  POL-1001 ' });
    expect(coverage).toMatchObject({ patientId, insurerId, policyNumber: 'POL-1001', active: true });
    const events = (await t.db.recorded('billing.coverage.added')).filter((e) => e.aggregateId === coverage.id);
    expect(events.map((e) => e.payload)).toEqual([{ coverageId: coverage.id, patientId, insurerId, active: true }]);
    // Demo seeding fixes the id.
    const id = randomUUID();
    expect((await t.billing.coverages.add(t.clerk, { ...input, policyNumber: 'POL-1002' }, id)).id).toBe(id);
  });

  it('takes a policy once per patient and insurer: twice is CONFLICT, with another insurer or patient it is a new coverage', async () => {
    const patientId = await knownPatient();
    const [a, b] = [await t.insurer(), await t.insurer()];
    await t.billing.coverages.add(t.clerk, { patientId, insurerId: a.organizationId, policyNumber: 'AB 123' });
    const racing = await Promise.all([1, 2].map(() => codeOf(t.billing.coverages.add(t.clerk, { patientId, insurerId: a.organizationId, policyNumber: 'AB 123' }))));
    expect(racing).toEqual(['CONFLICT', 'CONFLICT']);
    expect(await codeOf(t.billing.coverages.add(t.clerk, { patientId, insurerId: b.organizationId, policyNumber: 'AB 123' }))).toBe('ok');
    expect(await codeOf(t.billing.coverages.add(t.clerk, { patientId: await knownPatient(), insurerId: a.organizationId, policyNumber: 'AB 123' }))).toBe('ok');
    expect(await t.db.prisma.coverage.count({ where: { patientId } })).toBe(2);
    expect((await t.db.recorded('billing.coverage.added')).filter((e) => e.payload.patientId === patientId)).toHaveLength(2);
  });

  it('refuses bad ids and policy numbers with BAD_USER_INPUT naming the field', async () => {
    const patientId = await knownPatient();
    const { organizationId: insurerId } = await t.insurer();
    const valid = { patientId, insurerId, policyNumber: 'POL-1' };
    for (const [changes, field] of [
      [{ patientId: 'p-1' }, 'patientId'],
      [{ insurerId: 'acme' }, 'insurerId'],
      [{ policyNumber: '   ' }, 'policyNumber'],
      [{ policyNumber: 'A' }, 'policyNumber'],
      [{ policyNumber: '-AB12' }, 'policyNumber'],
      [{ policyNumber: 'AB_12' }, 'policyNumber'],
      [{ policyNumber: 'A'.repeat(41) }, 'policyNumber'],
      [{ policyNumber: 'AB\n12' }, 'policyNumber'],
    ] as const)
      expect(await refusal(t.billing.coverages.add(t.clerk, { ...valid, ...changes })), JSON.stringify(changes)).toBe(`BAD_USER_INPUT ${field}`);
    expect(await codeOf(t.billing.coverages.add(t.clerk, { patientId, insurerId, policyNumber: 'A'.repeat(40) }))).toBe('ok');
  });

  it('needs a known INSURER organization and a known, active patient', async () => {
    const patientId = await knownPatient();
    const { organizationId: insurerId } = await t.insurer();
    const clinic = randomUUID();
    await t.db.prisma.knownOrganization.create({ data: { id: clinic, type: 'CLINIC' } });
    expect(await refusal(t.billing.coverages.add(t.clerk, { patientId, insurerId: clinic, policyNumber: 'POL-1' }))).toBe('BAD_USER_INPUT insurerId');
    // Unknown ones are waited for (an announcement may be on its way), then NOT_FOUND.
    expect(await codeOf(t.billing.coverages.add(t.clerk, { patientId, insurerId: randomUUID(), policyNumber: 'POL-1' }))).toBe('NOT_FOUND');
    expect(await codeOf(t.billing.coverages.add(t.clerk, { patientId: randomUUID(), insurerId, policyNumber: 'POL-1' }))).toBe('NOT_FOUND');
    expect(await codeOf(t.billing.coverages.add(t.clerk, { patientId: await knownPatient(false), insurerId, policyNumber: 'POL-1' }))).toBe('CONFLICT');
    // An organization announced while the command waits is found.
    const late = randomUUID();
    const adding = t.billing.coverages.add(t.clerk, { patientId, insurerId: late, policyNumber: 'POL-2' });
    await t.db.prisma.knownOrganization.create({ data: { id: late, type: 'INSURER' } });
    expect((await adding).insurerId).toBe(late);
  });

  it('shows a patient\'s coverages to the patient, administrators and billing clerks only, loading nothing for others', async () => {
    const patientId = await knownPatient();
    const { organizationId: insurerId, user: insurer } = await t.insurer();
    const coverage = await t.billing.coverages.add(t.clerk, { patientId, insurerId, policyNumber: 'POL-7' });
    const loaded: string[] = [];
    const load = (id: string): Promise<Coverage[]> => (loaded.push(id), t.db.prisma.coverage.findMany({ where: { patientId: id } }));
    for (const who of [t.as('PATIENT', { patientId }), t.as('ADMIN'), t.clerk])
      expect((await t.billing.coverages.ofPatient(who, patientId, load)).map((c) => c.id), who.viewer?.role).toEqual([coverage.id]);
    expect(loaded).toEqual([patientId, patientId, patientId]);
    for (const who of [t.as('PATIENT', { patientId: randomUUID() }), t.as('DOCTOR'), insurer]) expect(await codeOf(t.billing.coverages.ofPatient(who, patientId, load)), who.viewer?.role).toBe('FORBIDDEN');
    expect(await codeOf(t.billing.coverages.ofPatient(t.access(undefined), patientId, load))).toBe('UNAUTHENTICATED');
    expect(loaded).toHaveLength(3);
  });

  it('ends a coverage once, as a billing clerk, and announces it once however many race', async () => {
    const patientId = await knownPatient();
    const { organizationId: insurerId } = await t.insurer();
    const coverage = await t.billing.coverages.add(t.clerk, { patientId, insurerId, policyNumber: 'POL-9' });
    expect(await codeOf(t.billing.coverages.deactivate(t.access(undefined), randomUUID()))).toBe('UNAUTHENTICATED');
    expect(await refusal(t.billing.coverages.deactivate(t.clerk, 'coverage-9'))).toBe('BAD_USER_INPUT id');
    expect(await codeOf(t.billing.coverages.deactivate(t.clerk, randomUUID()))).toBe('NOT_FOUND');
    for (const who of [t.as('ADMIN'), t.as('PATIENT', { patientId })]) expect(await codeOf(t.billing.coverages.deactivate(who, coverage.id)), who.viewer?.role).toBe('FORBIDDEN');
    expect((await t.db.prisma.coverage.findUnique({ where: { id: coverage.id } }))!.active).toBe(true);

    const outcomes = await Promise.all([1, 2, 3].map(() => codeOf(t.billing.coverages.deactivate(t.clerk, coverage.id))));
    expect(outcomes.sort()).toEqual(['CONFLICT', 'CONFLICT', 'ok']);
    expect((await t.db.prisma.coverage.findUnique({ where: { id: coverage.id } }))!.active).toBe(false);
    const events = (await t.db.recorded('billing.coverage.deactivated')).filter((e) => e.aggregateId === coverage.id);
    expect(events.map((e) => e.payload)).toEqual([{ coverageId: coverage.id, patientId, insurerId, active: false }]);
    expect(await codeOf(t.billing.coverages.deactivate(t.clerk, coverage.id))).toBe('CONFLICT');
  });
});
