/** The shared input rules: the text sanitiser, LIKE escaping, and the validators built on them. */
import { describe, expect, it } from 'vitest';
import { escapeLike, normalizeEmail, optionalSearch, optionalText, plainText, requireCount, requireName } from './index';

const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return [(error as { extensions: { code: string; field?: string } }).extensions.code, (error as { extensions: { field?: string } }).extensions.field];
  }
  return 'accepted';
};

describe('plainText', () => {
  it('refuses NUL, other C0 and C1 controls, DEL and lone surrogates with BAD_USER_INPUT naming the field', () => {
    for (const bad of ['a\u0000b', '\u0007', 'x\u001b[31m', '\u007f', '\u0085', 'a\ud800', '\udc00b'])
      expect(fieldOf(() => plainText(bad, 'givenName')), JSON.stringify(bad)).toEqual(['BAD_USER_INPUT', 'givenName']);
  });

  it('keeps ordinary text, accents and emoji; line breaks only when multi-line', () => {
    expect(plainText('Zoë 😀 O’Brien-Łukasz', 'name')).toBe('Zoë 😀 O’Brien-Łukasz');
    expect(fieldOf(() => plainText('two\nlines', 'name'))).toEqual(['BAD_USER_INPUT', 'name']);
    expect(plainText('two\nlines\tand a tab', 'note', { multiline: true })).toBe('two\nlines\tand a tab');
  });

  it('is applied by every text validator', () => {
    expect(fieldOf(() => requireName('A\u0000', 'familyName'))).toEqual(['BAD_USER_INPUT', 'familyName']);
    expect(fieldOf(() => optionalText('x\u0000', 'address.line'))).toEqual(['BAD_USER_INPUT', 'address.line']);
    expect(fieldOf(() => normalizeEmail('a\u0000@b.org'))).toEqual(['BAD_USER_INPUT', 'email']);
    expect(fieldOf(() => optionalSearch('x\u0000', 'search'))).toEqual(['BAD_USER_INPUT', 'search']);
    expect(optionalSearch('  ', 'search')).toBeUndefined();
  });
});

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character itself', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});

describe('requireCount', () => {
  it('takes whole numbers within the bounds and refuses the rest naming the field', () => {
    expect(requireCount(1, 'quantity', { max: 10 })).toBe(1);
    expect(requireCount(0, 'refills', { min: 0, max: 12 })).toBe(0);
    for (const bad of [0, -1, 11, 1.5, Number.NaN]) expect(() => requireCount(bad, 'quantity', { max: 10 })).toThrow(/quantity must be a whole number from 1 to 10/);
  });
});
