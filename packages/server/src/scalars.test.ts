/** The Decimal scalar keeps money exact: strings in and out, never a float. */
import { describe, expect, it } from 'vitest';
import { Kind } from 'graphql';
import { DecimalScalar } from './scalars';

describe('Decimal', () => {
  it('accepts exact decimal strings and prints stored decimals exactly', () => {
    for (const value of ['0', '125.50', '-3.2', '999999999999999.9999']) expect(DecimalScalar.parseValue(value)).toBe(value);
    expect(DecimalScalar.serialize({ toString: () => '0.30' })).toBe('0.30');
    expect(DecimalScalar.parseLiteral({ kind: Kind.STRING, value: '10.00' })).toBe('10.00');
  });

  it('refuses numbers, which would be binary floats, and malformed strings', () => {
    for (const value of [0.1, 125, '1e3', '12.345678', '', ' 1', 'NaN', '1.']) expect(() => DecimalScalar.parseValue(value)).toThrow(/Decimal must be a string/);
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '0.1' })).toThrow(/Decimal/);
  });
});
