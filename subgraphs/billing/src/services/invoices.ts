/**
 * Invoices: drafts opened by bookings, lines priced from the fee schedule, issuing, voiding, and payments recorded
 * exactly once per idempotency key and never past the total (both enforced by the database).
 */
import { randomUUID } from 'node:crypto';
import type { PatientAccess } from '@caregraph/access';
import { paginate, type PageArgs } from '@caregraph/db';
import { badUserInput, conflict, notFound, unauthenticated } from '@caregraph/errors';
import { recordEvent, type AppointmentFacts, type ContextEvents, type InvoiceFacts } from '@caregraph/events';
import { optionalId, requireId, requireName } from '@caregraph/validation';
import type { Invoice, InvoiceStatus, PaymentMethod, Prisma, PrismaClient } from '../generated/prisma/client';
import { requireCode } from './fee-schedule';
import { EDITABLE, invoiceLifecycle, PAYABLE } from './lifecycles';
import { CURRENCY, Decimal, format, requireAmount } from './money';

type Tx = Prisma.TransactionClient;

export type InvoiceLineInput = { code?: string | null; description?: string | null; quantity?: number | null; unitPrice?: string | null };
export type InvoiceListArgs = PageArgs & { status?: InvoiceStatus | null; patientId?: string | null };
export type RecordPaymentInput = { invoiceId: string; amount: string; method: PaymentMethod; idempotencyKey: string };
/** A payment with what the API shows of its invoice (its currency) and what access checks need (its patient). */
export const PAYMENT_WITH_INVOICE = { invoice: { select: { currency: true, patientId: true } } } as const;

/**
 * The visit line a booking bills, by the appointment's length: an established patient's office visit, 99213 up to
 * 30 minutes, 99214 beyond (CPT-style codes; their prices are the fee schedule's).
 */
export const visitCode = (facts: Pick<AppointmentFacts, 'start' | 'end'>) => ((Date.parse(facts.end) - Date.parse(facts.start)) / 60_000 > 30 ? '99214' : '99213');

const MAX_QUANTITY = 1000;
/** What Decimal(12, 2) holds. */
const MAX_AMOUNT = new Decimal('9999999999.99');
/** Statuses from which a booking's draft is voided when the appointment is cancelled or missed. */
const DRAFT_ONLY: InvoiceStatus[] = ['DRAFT'];

export const invoiceFacts = (invoice: Invoice): InvoiceFacts => ({
  invoiceId: invoice.id,
  number: invoice.number,
  patientId: invoice.patientId,
  appointmentId: invoice.appointmentId,
  total: format(invoice.total),
  balance: format(balanceOf(invoice)),
  currency: invoice.currency,
  status: invoice.status,
});

export const balanceOf = (invoice: Pick<Invoice, 'total' | 'paid'>) => new Decimal(invoice.total).minus(invoice.paid);

/** INV-<year>-<6 digits>, numbered by a database sequence, so concurrent drafts never share a number. */
async function nextNumber(tx: Tx, now: Date): Promise<string> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('invoice_numbers') AS n`;
  return `INV-${now.getUTCFullYear()}-${String(row!.n).padStart(6, '0')}`;
}

export class InvoiceService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** An invoice the viewer may read (billing:read); null when there is none. */
  async get(access: PatientAccess, idInput: string) {
    if (!access.viewer) throw unauthenticated();
    const invoice = await this.prisma.invoice.findUnique({ where: { id: requireId(idInput) } });
    if (invoice) await access.assert('billing:read', invoice.patientId);
    return invoice;
  }

  /** Invoices the viewer may read, newest first, filtered in the query so counts and pages are right. */
  async list(access: PatientAccess, args: InvoiceListArgs) {
    const scope = await access.scope('billing:read');
    const patientId = optionalId(args.patientId, 'patientId');
    const where: Prisma.InvoiceWhereInput = {
      AND: [scope.all ? {} : { patientId: { in: scope.patientIds } }, patientId ? { patientId } : {}, args.status ? { status: args.status } : {}],
    };
    return paginate(
      args,
      (slice) => this.prisma.invoice.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], ...slice }),
      () => this.prisma.invoice.count({ where }),
    );
  }

  /** A patient's invoices (`load` batches many patients into one query). */
  async ofPatient(access: PatientAccess, patientId: string, status: InvoiceStatus | null | undefined, load: (patientId: string) => Promise<Invoice[]>) {
    await access.assert('billing:read', patientId);
    const all = await load(patientId);
    return status ? all.filter((invoice) => invoice.status === status) : all;
  }

  /**
   * Adds a line to a DRAFT invoice: a fee-schedule code gives its description and price (a price given overrides
   * it); a line without a code needs both. The total grows in the same conditional update that checks DRAFT.
   */
  async addLine(access: PatientAccess, invoiceId: string, input: InvoiceLineInput) {
    const invoice = await this.authorized(access, invoiceId);
    const quantity = input.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) throw badUserInput(`quantity must be a whole number from 1 to ${MAX_QUANTITY}.`, 'quantity');
    const code = input.code === null || input.code === undefined ? null : requireCode(input.code);
    const fee = code ? await this.prisma.feeScheduleItem.findUnique({ where: { code } }) : null;
    if (code && !fee) throw badUserInput(`code ${code} is not in the fee schedule: add it with setFeeScheduleItem or leave code out.`, 'code');
    const description = input.description ? requireName(input.description, 'description', 200) : fee?.description;
    if (!description) throw badUserInput('description is required for a line without a fee-schedule code.', 'description');
    const unitPrice = input.unitPrice !== null && input.unitPrice !== undefined ? requireAmount(input.unitPrice, 'unitPrice', { allowZero: true }) : fee?.unitPrice;
    if (!unitPrice) throw badUserInput('unitPrice is required for a line without a fee-schedule code.', 'unitPrice');
    const amount = new Decimal(unitPrice).times(quantity);
    if (amount.gt(MAX_AMOUNT)) throw badUserInput('The line amount is too large.', 'quantity');
    if (invoice.status !== EDITABLE) throw conflict(`The invoice is ${invoice.status}: only a DRAFT invoice takes new lines.`);
    return this.events.transaction(async (tx) => {
      const grown = await tx.invoice.updateMany({ where: { id: invoice.id, status: EDITABLE, total: { lte: MAX_AMOUNT.minus(amount) } }, data: { total: { increment: amount } } });
      if (grown.count === 0) {
        const current = (await tx.invoice.findUnique({ where: { id: invoice.id } }))!;
        throw current.status === EDITABLE ? badUserInput('The invoice total would be too large.', 'quantity') : conflict(`The invoice is ${current.status}: only a DRAFT invoice takes new lines.`);
      }
      await tx.invoiceLine.create({ data: { id: randomUUID(), invoiceId: invoice.id, code, description, quantity, unitPrice, amount } });
      return (await tx.invoice.findUnique({ where: { id: invoice.id } }))!;
    });
  }

  /** DRAFT → ISSUED: the invoice goes to the patient and can be paid or claimed. An empty invoice is not issued. */
  async issue(access: PatientAccess, id: string) {
    const invoice = await this.authorized(access, id);
    invoiceLifecycle.assert(invoice.status, 'ISSUED');
    if (new Decimal(invoice.total).lte(0)) throw conflict('The invoice has nothing to bill: add a line (addInvoiceLine) before issuing it.');
    return this.events.transaction(async (tx) => {
      const issued = await this.move(tx, invoice, 'ISSUED', { issuedAt: this.now() }, { total: { gt: 0 } });
      await recordEvent(tx, 'billing.invoice.issued', issued.id, invoiceFacts(issued));
      return issued;
    });
  }

  /**
   * DRAFT | ISSUED → VOID, only while nothing is paid (there are no refunds here) and no claim is open: the
   * conditional update and the invoices_payments_only_when_issued CHECK both say so.
   */
  async void(access: PatientAccess, id: string, reasonInput: string) {
    const invoice = await this.authorized(access, id);
    const reason = requireName(reasonInput, 'reason', 500);
    invoiceLifecycle.assert(invoice.status, 'VOID');
    return this.events.transaction(async (tx) => {
      const voided = await this.move(tx, invoice, 'VOID', { voidedAt: this.now(), voidReason: reason }, { paid: 0, openClaimId: null });
      await recordEvent(tx, 'billing.invoice.voided', voided.id, { ...invoiceFacts(voided), reason });
      return voided;
    });
  }

  /**
   * Records a payment on an ISSUED invoice once per idempotency key: a repeat of the same payment (same invoice,
   * amount and method) returns the first one, however many race; the same key for anything else is CONFLICT.
   */
  async recordPayment(access: PatientAccess, input: RecordPaymentInput) {
    const invoice = await this.authorized(access, input.invoiceId);
    const amount = requireAmount(input.amount, 'amount');
    const idempotencyKey = requireName(input.idempotencyKey, 'idempotencyKey', 200);
    if (input.method === 'INSURANCE') throw badUserInput("An insurer's payment is recorded with markClaimPaid on its claim.", 'method');
    const asked = { invoiceId: invoice.id, amount, method: input.method, idempotencyKey };
    const earlier = await this.prisma.payment.findUnique({ where: { idempotencyKey }, include: PAYMENT_WITH_INVOICE });
    if (earlier) return sameOrConflict(earlier, asked);
    return this.events.transaction((tx) => this.pay(tx, { ...asked, recordedBy: access.viewer!.userId }));
  }

  /**
   * The payment itself, inside the caller's transaction (markClaimPaid uses it too). The unique key decides who
   * records: a concurrent request with the same key waits for the first to commit, inserts nothing, and returns the
   * first's payment. `paid` grows only if the invoice is still ISSUED and the payment fits its balance.
   */
  async pay(tx: Tx, input: { invoiceId: string; amount: Decimal; method: PaymentMethod; idempotencyKey: string; recordedBy: string; claimId?: string }) {
    const id = randomUUID();
    const { invoiceId, amount, method, idempotencyKey, recordedBy, claimId = null } = input;
    const inserted = await tx.payment.createMany({ data: [{ id, invoiceId, amount, method, idempotencyKey, recordedBy, claimId }], skipDuplicates: true });
    if (inserted.count === 0) {
      const earlier = await tx.payment.findUnique({ where: { idempotencyKey }, include: PAYMENT_WITH_INVOICE });
      if (!earlier) throw conflict('This claim has already been paid.');
      return sameOrConflict(earlier, input);
    }
    const value = amount.toFixed(2);
    const changed = await tx.$queryRaw<{ status: InvoiceStatus }[]>`
      UPDATE invoices
         SET paid = paid + ${value}::numeric,
             status = CASE WHEN paid + ${value}::numeric = total THEN 'PAID'::"InvoiceStatus" ELSE status END,
             paid_at = CASE WHEN paid + ${value}::numeric = total THEN now() ELSE paid_at END,
             updated_at = now()
       WHERE id = ${invoiceId}::uuid AND status = ${PAYABLE}::"InvoiceStatus" AND paid + ${value}::numeric <= total
      RETURNING status`;
    const invoice = (await tx.invoice.findUnique({ where: { id: invoiceId } }))!;
    if (changed.length === 0) {
      // Rolls the payment back with the whole transaction.
      if (invoice.status !== PAYABLE) throw conflict(`The invoice is ${invoice.status}: payments are recorded on ISSUED invoices only.`);
      throw conflict(`${format(amount)} ${invoice.currency} is more than the balance of ${format(balanceOf(invoice))} ${invoice.currency}: an invoice is never overpaid.`);
    }
    await recordEvent(tx, 'billing.payment.recorded', id, {
      paymentId: id,
      invoiceId,
      patientId: invoice.patientId,
      amount: format(amount),
      currency: invoice.currency,
      method,
      balance: format(balanceOf(invoice)),
    });
    if (invoice.status === 'PAID') await recordEvent(tx, 'billing.invoice.paid', invoice.id, invoiceFacts(invoice));
    return (await tx.payment.findUnique({ where: { id }, include: PAYMENT_WITH_INVOICE }))!;
  }

  /**
   * `scheduling.appointment.booked`: a DRAFT invoice with the visit line priced from the fee schedule (without a
   * price for the visit code, an empty draft a clerk completes). One per appointment: the unique appointment_id
   * makes a concurrent second attempt fail and retry into the check below.
   */
  async openForAppointment(tx: Tx, facts: AppointmentFacts): Promise<void> {
    if (await tx.invoice.findUnique({ where: { appointmentId: facts.appointmentId } })) return;
    const fee = await tx.feeScheduleItem.findUnique({ where: { code: visitCode(facts) } });
    const id = randomUUID();
    const line = fee ? { id: randomUUID(), code: fee.code, description: fee.description, quantity: 1, unitPrice: fee.unitPrice, amount: fee.unitPrice } : null;
    const invoice = await tx.invoice.create({
      data: {
        id,
        number: await nextNumber(tx, this.now()),
        patientId: facts.patientId,
        appointmentId: facts.appointmentId,
        currency: fee?.currency ?? CURRENCY,
        total: fee?.unitPrice ?? 0,
        ...(line ? { lines: { create: [line] } } : {}),
      },
    });
    await recordEvent(tx, 'billing.invoice.drafted', invoice.id, invoiceFacts(invoice));
  }

  /** `scheduling.appointment.cancelled` / `.noshow`: the booking's invoice is voided if it is still a DRAFT. */
  async voidForAppointment(tx: Tx, facts: AppointmentFacts, reason: string): Promise<void> {
    const voided = await tx.invoice.updateMany({ where: { appointmentId: facts.appointmentId, status: { in: DRAFT_ONLY } }, data: { status: 'VOID', voidedAt: this.now(), voidReason: reason } });
    if (voided.count === 0) return;
    const invoice = (await tx.invoice.findUnique({ where: { appointmentId: facts.appointmentId } }))!;
    await recordEvent(tx, 'billing.invoice.voided', invoice.id, { ...invoiceFacts(invoice), reason });
  }

  /** One status change from the table, applied only if the status (and `guard`) still hold; else CONFLICT saying why. */
  private async move(tx: Tx, invoice: Invoice, to: InvoiceStatus, data: Prisma.InvoiceUpdateManyMutationInput, guard: Prisma.InvoiceWhereInput = {}) {
    const changed = await tx.invoice.updateMany({ where: { id: invoice.id, status: { in: invoiceLifecycle.from(to) }, ...guard }, data: { ...data, status: to } });
    const current = (await tx.invoice.findUnique({ where: { id: invoice.id } }))!;
    if (changed.count === 0) {
      invoiceLifecycle.assert(current.status, to);
      if (new Decimal(current.paid).gt(0)) throw conflict(`The invoice has payments of ${format(current.paid)} ${current.currency}: it cannot be voided (refunds are not supported).`);
      if (current.openClaimId) throw conflict(`Claim ${current.openClaimId} for this invoice is still open: it cannot be voided until the claim is denied or paid.`);
      if (new Decimal(current.total).lte(0)) throw conflict('The invoice has nothing to bill: add a line (addInvoiceLine) before issuing it.');
      throw conflict(`The invoice changed meanwhile (it is now ${current.status}): read it again and retry.`);
    }
    return current;
  }

  /** Loads the invoice (NOT_FOUND) after the authorization line: changing invoices is billing:write. */
  private async authorized(access: PatientAccess, idInput: string) {
    if (!access.viewer) throw unauthenticated();
    const id = requireId(idInput, 'invoiceId');
    const invoice = await this.prisma.invoice.findUnique({ where: { id } });
    if (!invoice) {
      // Only someone who may write invoices learns that an id does not exist.
      await access.assert('billing:write', id);
      throw notFound('Invoice', id);
    }
    await access.assert('billing:write', invoice.patientId);
    return invoice;
  }
}

/** The earlier payment if it is the same payment asked again; CONFLICT if the key was used for another. */
function sameOrConflict<P extends { invoiceId: string; amount: Decimal; method: PaymentMethod }>(earlier: P, asked: { invoiceId: string; amount: Decimal; method: PaymentMethod }): P {
  if (earlier.invoiceId === asked.invoiceId && new Decimal(earlier.amount).eq(asked.amount) && earlier.method === asked.method) return earlier;
  throw conflict('This idempotencyKey was already used for a different payment (another invoice, amount or method): use a new key for a new payment.');
}
