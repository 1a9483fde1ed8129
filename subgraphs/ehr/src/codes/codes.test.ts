/** Code validation: ICD-10-CM format, LOINC check digits (every catalogue code must pass), UCUM units of vital signs. */
import { describe, expect, it } from 'vitest';
import { LOINC_CATALOGUE } from './catalogue';
import { conditionCode, loincCheckDigit, normalizeIcd10, observationCoding, requireLoinc } from './codes';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return `${(error as { extensions?: { code?: string; field?: string } }).extensions?.code}:${(error as { extensions?: { field?: string } }).extensions?.field}`;
  }
};

describe('ICD-10-CM', () => {
  it('normalizes case and the dot, and refuses what is not ICD-10-CM', () => {
    expect(normalizeIcd10('e119')).toBe('E11.9');
    expect(normalizeIcd10(' J45.909 ')).toBe('J45.909');
    expect(normalizeIcd10('I10')).toBe('I10');
    for (const bad of ['11.9', 'E1', 'E11.12345', 'E11-9', 'diabetes', ''])
      expect(codeOf(() => normalizeIcd10(bad)), bad).toBe('BAD_USER_INPUT:code');
  });

  it('fills in display from the catalogue, and requires it for other codes', () => {
    expect(conditionCode({ code: 'E119' })).toEqual({ code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' });
    expect(conditionCode({ code: 'I10', display: 'Hypertension (patient words)' }).display).toBe('Hypertension (patient words)');
    expect(codeOf(() => conditionCode({ code: 'Q21.1' }))).toBe('BAD_USER_INPUT:display');
  });
});

describe('LOINC', () => {
  it('computes the users-guide check digit for every bundled code', () => {
    for (const code of Object.keys(LOINC_CATALOGUE)) {
      const [number, check] = code.split('-');
      expect(loincCheckDigit(number!), code).toBe(Number(check));
    }
    expect(loincCheckDigit('12345')).toBe(5); // the worked example of the LOINC users' guide
  });

  it('refuses a wrong check digit and says which one is right', () => {
    expect(requireLoinc('8480-6')).toBe('8480-6');
    expect(() => requireLoinc('8480-5')).toThrow(/did you mean 8480-6/);
    expect(codeOf(() => requireLoinc('8480'))).toBe('BAD_USER_INPUT:code');
  });
});

describe('observations', () => {
  it('takes vital signs as numbers with one of their UCUM units', () => {
    expect(observationCoding({ code: '8867-4', category: 'VITAL_SIGNS', value: ' 72 ', unit: '/min' })).toEqual({ code: '8867-4', display: 'Heart rate', category: 'VITAL_SIGNS', value: '72', unit: '/min' });
    expect(codeOf(() => observationCoding({ code: '8867-4', category: 'VITAL_SIGNS', value: 'fast', unit: '/min' }))).toBe('BAD_USER_INPUT:value');
    expect(codeOf(() => observationCoding({ code: '8867-4', category: 'VITAL_SIGNS', value: '72' }))).toBe('BAD_USER_INPUT:unit');
    expect(codeOf(() => observationCoding({ code: '8480-6', category: 'VITAL_SIGNS', value: '120', unit: 'mmHg' }))).toBe('BAD_USER_INPUT:unit');
    expect(codeOf(() => observationCoding({ code: '8310-5', category: 'VITAL_SIGNS', value: '36.8', unit: 'cel' }))).toBe('BAD_USER_INPUT:unit');
  });

  it('keeps laboratory codes out of VITAL_SIGNS and checks free units against UCUM', () => {
    expect(codeOf(() => observationCoding({ code: '2345-7', category: 'VITAL_SIGNS', value: '99', unit: 'mg/dL' }))).toBe('BAD_USER_INPUT:category');
    expect(codeOf(() => observationCoding({ code: '1751-7', category: 'VITAL_SIGNS', value: '4', unit: 'g/dL' }))).toBe('BAD_USER_INPUT:code');
    expect(observationCoding({ code: '1751-7', display: 'Albumin', category: 'LABORATORY', value: '4.1', unit: 'g/dL' }).unit).toBe('g/dL');
    expect(codeOf(() => observationCoding({ code: '1751-7', display: 'Albumin', category: 'LABORATORY', value: '4.1', unit: 'grams' }))).toBe('BAD_USER_INPUT:unit');
    expect(observationCoding({ code: '2345-7', category: 'LABORATORY', value: 'Pending', unit: null }).value).toBe('Pending');
  });
});
