/** The invoice and claim lifecycle tables: exactly the allowed moves, CONFLICT naming them otherwise. */
import { describe, expect, it } from 'vitest';
import { thrownBy } from '@caregraph/testkit';
import { CLAIM_TRANSITIONS, claimLifecycle, INVOICE_TRANSITIONS, invoiceLifecycle } from './lifecycles';

const moves = <S extends string>(table: Record<S, object>, can: (from: S, to: S) => boolean) => {
  const statuses = Object.keys(table) as S[];
  return statuses.flatMap((from) => statuses.filter((to) => can(from, to)).map((to) => `${from}→${to}`)).sort();
};

describe('billing lifecycles', () => {
  it('allow exactly DRAFT → ISSUED → PAID, DRAFT | ISSUED → VOID; SUBMITTED → APPROVED | DENIED, APPROVED → PAID', () => {
    expect(moves(INVOICE_TRANSITIONS, invoiceLifecycle.can)).toEqual(['DRAFT→ISSUED', 'DRAFT→VOID', 'ISSUED→PAID', 'ISSUED→VOID']);
    expect(moves(CLAIM_TRANSITIONS, claimLifecycle.can)).toEqual(['APPROVED→PAID', 'SUBMITTED→APPROVED', 'SUBMITTED→DENIED']);
    expect(invoiceLifecycle.from('VOID')).toEqual(['DRAFT', 'ISSUED']);
  });

  it('answer any other move with CONFLICT naming what is allowed', () => {
    expect(thrownBy(() => invoiceLifecycle.assert('PAID', 'VOID'))).toEqual(['CONFLICT', expect.stringContaining('PAID is final')]);
    expect(thrownBy(() => invoiceLifecycle.assert('DRAFT', 'PAID'))).toEqual(['CONFLICT', expect.stringContaining('ISSUED (issueInvoice), VOID (voidInvoice)')]);
    expect(thrownBy(() => claimLifecycle.assert('DENIED', 'APPROVED'))).toEqual(['CONFLICT', expect.stringContaining('DENIED is final')]);
    expect(thrownBy(() => claimLifecycle.assert('SUBMITTED', 'DENIED'))).toBeUndefined();
  });
});
