/** The Decimal scalar keeps money exact: strings in and out, never a float; DateTime takes only instants a database can store. */
import { describe, expect, it } from 'vitest';
import { Kind } from 'graphql';
import { DateTimeScalar, DecimalScalar } from './scalars';

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

describe('DateTime', () => {
  it('accepts ISO 8601 date-times with an offset, from the year 0001 to 9999 in UTC', () => {
    for (const value of ['2026-03-01T09:30:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-03-01T09:30:00.123456789+05:45'])
      expect(DateTimeScalar.parseValue(value)).toBeInstanceOf(Date);
  });

  // Found by fuzzing: year 0 reached PostgreSQL ("date/time field value out of range") as an internal error, and
  // 30 February became 2 March.
  it('refuses instants before the year 1 or after 9999 in UTC, and malformed strings', () => {
    for (const value of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '9999-12-31T23:59:59-12:00', '2026-02-30T10:00:00Z', '2026-03-01T09:30:00', 1_700_000_000_000])
      expect(() => DateTimeScalar.parseValue(value), String(value)).toThrow(/DateTime (must|names a day)/);
  });
});
