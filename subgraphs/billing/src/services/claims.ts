/**
 * Claims: a billing clerk claims an ISSUED invoice's balance from the patient's active coverage; the coverage's insurer
 * approves (never more than claimed) or denies it; the clerk records the insurer's payment, which pays the invoice.
 */
import { randomUUID } from 'node:crypto';
import { assertRole, type PatientAccess } from '@caregraph/access';
import { paginate, type PageArgs } from '@caregraph/db';
import { badUserInput, conflict, forbidden, notFound, unauthenticated } from '@caregraph/errors';
import { recordEvent, type ClaimFacts, type ContextEvents } from '@caregraph/events';
import { optionalText, requireId, requireName } from '@caregraph/validation';
import type { Claim, ClaimStatus, Prisma, PrismaClient } from '../generated/prisma/client';
import { claimScope, insurerOf, mayReadClaim } from './access';
import type { InvoiceService } from './invoices';
import { balanceOf } from './invoices';
import { claimLifecycle, PAYABLE } from './lifecycles';
import { Decimal, format, requireAmount } from './money';

export type ClaimListArgs = PageArgs & { status?: ClaimStatus | null };
export type AdjudicationInput = { decision: 'APPROVE' | 'DENY'; approvedAmount?: string | null; reason?: string | null };

const claimFacts = (claim: Claim): ClaimFacts => ({
  claimId: claim.id,
  invoiceId: claim.invoiceId,
  patientId: claim.patientId,
  coverageId: claim.coverageId,
  insurerId: claim.insurerId,
  amount: format(claim.amount),
  currency: claim.currency,
  status: claim.status,
});

export class ClaimService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
    private readonly invoices: InvoiceService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A claim the viewer may read; null when there is none; FORBIDDEN when it is not theirs to see. */
  async get(access: PatientAccess, idInput: string) {
    if (!access.viewer) throw unauthenticated();
    const claim = await this.prisma.claim.findUnique({ where: { id: requireId(idInput) } });
    if (claim && !(await mayReadClaim(access, claim))) throw forbidden('You may not see this claim.');
    return claim;
  }

  /** Claims the viewer may read, newest first: a billing clerk's all, a patient's own, an insurer's organization's. */
  async list(access: PatientAccess, args: ClaimListArgs) {
    if (!access.viewer) throw unauthenticated();
    const where: Prisma.ClaimWhereInput = { AND: [await claimScope(access), args.status ? { status: args.status } : {}] };
    return paginate(
      args,
      (slice) => this.prisma.claim.findMany({ where, orderBy: [{ submittedAt: 'desc' }, { id: 'asc' }], ...slice }),
      () => this.prisma.claim.count({ where }),
    );
  }

  /** A patient's claims (`load` batches many patients into one query). */
  async ofPatient(access: PatientAccess, patientId: string, status: ClaimStatus | null | undefined, load: (patientId: string) => Promise<Claim[]>) {
    await access.assert('claims:read', patientId);
    const all = await load(patientId);
    return status ? all.filter((claim) => claim.status === status) : all;
  }

  /**
   * Claims the invoice's balance from an active coverage of the same patient. One open claim per invoice: the
   * conditional update that takes `open_claim_id` decides between concurrent submissions. `id` only for seeding.
   */
  async submit(access: PatientAccess, invoiceIdInput: string, coverageIdInput: string, id: string = randomUUID()) {
    assertRole(access.viewer, 'BILLING_CLERK');
    const invoiceId = requireId(invoiceIdInput, 'invoiceId');
    const coverageId = requireId(coverageIdInput, 'coverageId');
    const [invoice, coverage] = await Promise.all([this.prisma.invoice.findUnique({ where: { id: invoiceId } }), this.prisma.coverage.findUnique({ where: { id: coverageId } })]);
    if (!invoice) throw notFound('Invoice', invoiceId);
    if (!coverage) throw notFound('Coverage', coverageId);
    if (coverage.patientId !== invoice.patientId) throw badUserInput("The coverage is another patient's: claim from a coverage of the invoice's patient.", 'coverageId');
    if (!coverage.active) throw conflict('The coverage is inactive: it takes no new claims.');
    if (invoice.status !== PAYABLE) throw conflict(`The invoice is ${invoice.status}: only an ISSUED invoice can be claimed.`);
    if (invoice.openClaimId) throw conflict(`Claim ${invoice.openClaimId} for this invoice is still open: wait for it to be denied or paid.`);
    return this.events.transaction(async (tx) => {
      const taken = await tx.invoice.updateMany({ where: { id: invoice.id, status: PAYABLE, openClaimId: null }, data: { openClaimId: id } });
      if (taken.count === 0) throw conflict('The invoice changed meanwhile (paid, voided or claimed): read it again.');
      const current = (await tx.invoice.findUnique({ where: { id: invoice.id } }))!;
      const claim = await tx.claim.create({
        data: { id, invoiceId: invoice.id, coverageId: coverage.id, patientId: invoice.patientId, insurerId: coverage.insurerId, amount: balanceOf(current), currency: current.currency, submittedBy: access.viewer!.userId },
      });
      await recordEvent(tx, 'billing.claim.submitted', claim.id, claimFacts(claim));
      return claim;
    });
  }

  /**
   * The insurer's decision, by an INSURANCE_PROVIDER of the claim's insurer organization only: APPROVE an amount up
   * to the claim's (the claims_approved_within_amount CHECK too), or DENY with a reason, which reopens the invoice
   * for another claim.
   */
  async adjudicate(access: PatientAccess, idInput: string, input: AdjudicationInput) {
    const viewer = access.viewer;
    assertRole(viewer, 'INSURANCE_PROVIDER');
    const claim = await this.prisma.claim.findUnique({ where: { id: requireId(idInput) } });
    if (!claim) throw notFound('Claim', idInput);
    if (insurerOf(viewer) !== claim.insurerId) throw forbidden("Only users of the claim's insurer organization may adjudicate it.");
    const approve = input.decision === 'APPROVE';
    let data: Prisma.ClaimUpdateManyMutationInput;
    if (approve) {
      if (input.approvedAmount === null || input.approvedAmount === undefined) throw badUserInput('approvedAmount is required to APPROVE.', 'approvedAmount');
      if (optionalText(input.reason, 'reason', 500)) throw badUserInput('reason is given only to DENY a claim.', 'reason');
      const approvedAmount = requireAmount(input.approvedAmount, 'approvedAmount');
      if (approvedAmount.gt(claim.amount)) throw badUserInput(`approvedAmount may be at most the claimed ${format(claim.amount)} ${claim.currency}.`, 'approvedAmount');
      data = { status: 'APPROVED', approvedAmount };
    } else {
      if (input.approvedAmount !== null && input.approvedAmount !== undefined) throw badUserInput('approvedAmount is given only to APPROVE a claim.', 'approvedAmount');
      if (input.reason === null || input.reason === undefined) throw badUserInput('reason is required to DENY a claim.', 'reason');
      data = { status: 'DENIED', denialReason: requireName(input.reason, 'reason', 500) };
    }
    const to = data.status as ClaimStatus;
    claimLifecycle.assert(claim.status, to);
    return this.events.transaction(async (tx) => {
      const decided = await this.move(tx, claim, to, { ...data, adjudicatedAt: this.now(), adjudicatedBy: viewer.userId });
      // A denied claim is closed: the invoice may be claimed again (or paid by the patient).
      if (to === 'DENIED') await tx.invoice.updateMany({ where: { id: claim.invoiceId, openClaimId: claim.id }, data: { openClaimId: null } });
      await recordEvent(tx, 'billing.claim.adjudicated', decided.id, {
        ...claimFacts(decided),
        approvedAmount: decided.approvedAmount ? format(decided.approvedAmount) : null,
        denialReason: decided.denialReason,
      });
      return decided;
    });
  }

  /**
   * APPROVED → PAID: the insurer paid. Records an INSURANCE payment of the approved amount on the invoice in the same
   * transaction (keyed by the claim, so it is recorded once), which pays the invoice if it covers the balance.
   */
  async markPaid(access: PatientAccess, idInput: string) {
    assertRole(access.viewer, 'BILLING_CLERK');
    const claim = await this.prisma.claim.findUnique({ where: { id: requireId(idInput) } });
    if (!claim) throw notFound('Claim', idInput);
    claimLifecycle.assert(claim.status, 'PAID');
    return this.events.transaction(async (tx) => {
      const paid = await this.move(tx, claim, 'PAID', { paidAt: this.now() });
      const approvedAmount = new Decimal(paid.approvedAmount!);
      const payment = await this.invoices.pay(tx, {
        invoiceId: claim.invoiceId,
        amount: approvedAmount,
        method: 'INSURANCE',
        idempotencyKey: `claim:${claim.id}`,
        recordedBy: access.viewer!.userId,
        claimId: claim.id,
      });
      await tx.invoice.updateMany({ where: { id: claim.invoiceId, openClaimId: claim.id }, data: { openClaimId: null } });
      await recordEvent(tx, 'billing.claim.paid', paid.id, { ...claimFacts(paid), approvedAmount: format(approvedAmount), paymentId: payment.id });
      return paid;
    });
  }

  /** One status change from the table, applied only if nobody changed the status meanwhile (else CONFLICT). */
  private async move(tx: Prisma.TransactionClient, claim: Claim, to: ClaimStatus, data: Prisma.ClaimUpdateManyMutationInput) {
    const changed = await tx.claim.updateMany({ where: { id: claim.id, status: { in: claimLifecycle.from(to) } }, data: { ...data, status: to } });
    const current = (await tx.claim.findUnique({ where: { id: claim.id } }))!;
    if (changed.count === 0) {
      claimLifecycle.assert(current.status, to);
      throw conflict(`The claim changed meanwhile (it is now ${current.status}): read it again.`);
    }
    return current;
  }
}
