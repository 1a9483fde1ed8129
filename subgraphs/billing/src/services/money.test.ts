/** Money's helpers (no database): amounts keep two decimals, parse exactly within Decimal(12, 2), and name the field they refuse. */
import { thrownBy } from '@caregraph/testkit';
import { describe, expect, it } from 'vitest';
import { CURRENCY, Decimal, format, money, requireAmount } from './money';

describe('money', () => {
  it('pairs an amount with its currency as given, and formats Decimals and strings with two decimals', () => {
    expect(CURRENCY).toBe('USD');
    const amount = new Decimal('12.3');
    expect(money(amount, 'USD')).toEqual({ amount, currency: 'USD' });
    expect(money('1.50', 'EUR')).toEqual({ amount: '1.50', currency: 'EUR' });
    expect(['0', '125.5', '7', '1000.00'].map((value) => format(value))).toEqual(['0.00', '125.50', '7.00', '1000.00']);
    expect(format(new Decimal('0.1').plus('0.2'))).toBe('0.30');
    expect(format(new Decimal('1e3'))).toBe('1000.00');
  });

  it('accepts up to ten digits before the point and two after', () => {
    expect(format(requireAmount('9999999999.99', 'amount'))).toBe('9999999999.99');
    expect(format(requireAmount('0.01', 'amount'))).toBe('0.01');
    expect(format(requireAmount('1', 'amount'))).toBe('1.00');
    expect(format(requireAmount('007.5', 'amount'))).toBe('7.50');
    expect(requireAmount('125.50', 'amount')).toBeInstanceOf(Decimal);
  });

  it('refuses anything else with BAD_USER_INPUT naming the field, rather than letting the database round it', () => {
    for (const bad of ['10000000000', '1.001', '.5', '5.', '-1', '+1', '1e3', '1,50', ' 1', '1 ', '', 'NaN', 'Infinity', '0x10']) {
      const thrown = thrownBy(() => requireAmount(bad, 'unitPrice'));
      expect(thrown?.[0], bad).toBe('BAD_USER_INPUT');
      expect(thrown?.[1], bad).toMatch(/^unitPrice must be an amount/);
    }
    try {
      requireAmount('x', 'payment.amount');
      expect.unreachable();
    } catch (error) {
      expect((error as { extensions: Record<string, unknown> }).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'payment.amount' });
    }
  });

  it('refuses zero unless it is allowed (a price may be 0, a payment may not)', () => {
    for (const zero of ['0', '0.0', '0.00', '000']) {
      expect(thrownBy(() => requireAmount(zero, 'amount')), zero).toEqual(['BAD_USER_INPUT', 'amount must be more than 0.']);
      expect(format(requireAmount(zero, 'unitPrice', { allowZero: true })), zero).toBe('0.00');
    }
    // allowZero allows zero, not negatives.
    expect(thrownBy(() => requireAmount('-0.01', 'unitPrice', { allowZero: true }))?.[0]).toBe('BAD_USER_INPUT');
  });
});
