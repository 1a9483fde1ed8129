/** The invoice and claim lifecycles, each one table: the services and their tests both read them. */
import { conflict } from '@caregraph/errors';
import type { ClaimStatus, InvoiceStatus } from '../generated/prisma/client';

/** Every allowed invoice status change and the operation that makes it. Anything not listed is CONFLICT. */
export const INVOICE_TRANSITIONS = {
  DRAFT: { ISSUED: 'issueInvoice', VOID: 'voidInvoice' },
  // PAID when payments reach the total (recordPayment, markClaimPaid). VOID only while nothing is paid or claimed.
  ISSUED: { PAID: 'recordPayment', VOID: 'voidInvoice' },
  PAID: {},
  VOID: {},
} as const satisfies Record<InvoiceStatus, Partial<Record<InvoiceStatus, string>>>;

/** Every allowed claim status change and the operation that makes it. */
export const CLAIM_TRANSITIONS = {
  SUBMITTED: { APPROVED: 'adjudicateClaim', DENIED: 'adjudicateClaim' },
  APPROVED: { PAID: 'markClaimPaid' },
  DENIED: {},
  PAID: {},
} as const satisfies Record<ClaimStatus, Partial<Record<ClaimStatus, string>>>;

/** Only a DRAFT invoice takes new lines; only an ISSUED one takes payments and claims. */
export const EDITABLE: InvoiceStatus = 'DRAFT';
export const PAYABLE: InvoiceStatus = 'ISSUED';
/** A claim is open (the invoice waits for it) until it is denied or paid. */
export const OPEN_CLAIM: readonly ClaimStatus[] = ['SUBMITTED', 'APPROVED'];

type Table<S extends string> = Record<S, Partial<Record<S, string>>>;

function transitions<S extends string>(table: Table<S>, what: string) {
  const can = (from: S, to: S): boolean => to in table[from];
  const assert = (from: S, to: S): void => {
    if (can(from, to)) return;
    const allowed = Object.entries(table[from]).map(([status, operation]) => `${status} (${operation})`);
    throw conflict(
      `The ${what} is ${from} and cannot become ${to}: ` + (allowed.length ? `from ${from} it can only become ${allowed.join(', ')}.` : `${from} is final, no change is allowed.`),
    );
  };
  /** The statuses that can become `to`: the WHERE of the conditional update that makes the move. */
  const from = (to: S): S[] => (Object.keys(table) as S[]).filter((status) => can(status, to));
  return { can, assert, from };
}

export const invoiceLifecycle = transitions<InvoiceStatus>(INVOICE_TRANSITIONS, 'invoice');
export const claimLifecycle = transitions<ClaimStatus>(CLAIM_TRANSITIONS, 'claim');
