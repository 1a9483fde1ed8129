/** Code validation for the clinical record: ICD-10-CM format, LOINC with its mod-10 check digit, UCUM units for vital signs. */
import { badUserInput } from '@caregraph/errors';
import { loincCheckDigit, requireLoinc } from '@caregraph/validation';
import type { ObservationCategory } from '../generated/prisma/enums';
import { ICD10_CATALOGUE, LOINC_CATALOGUE, UCUM_UNITS } from './catalogue';

/** ICD-10-CM: a letter, two characters (digit, then digit or letter), then up to four more after the dot. */
const ICD10_CM = /^([A-Z][0-9][0-9A-Z])\.?([0-9A-Z]{1,4})?$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** `E119` or `e11.9` → `E11.9`; BAD_USER_INPUT naming `field` when it is not ICD-10-CM. */
export function normalizeIcd10(code: string, field = 'code'): string {
  const match = ICD10_CM.exec(code.trim().toUpperCase());
  if (!match) throw badUserInput(`${field} "${code}" is not an ICD-10-CM code: a letter, two characters, then optionally a dot and up to 4 more (e.g. E11.9).`, field);
  return match[2] ? `${match[1]}.${match[2]}` : match[1]!;
}

// LOINC check digits are shared with lab: @caregraph/validation.
export { loincCheckDigit, requireLoinc };

/** The condition's code and display: display from the catalogue when omitted, required otherwise. */
export function conditionCode(input: { code: string; display?: string | null }) {
  const code = normalizeIcd10(input.code);
  const display = input.display?.trim() || ICD10_CATALOGUE[code];
  if (!display) throw badUserInput(`Give a display for ${code}: it is not in the bundled catalogue of common codes.`, 'display');
  return { code, display: display.slice(0, 300) };
}

export type ObservationCoding = { code: string; display: string; category: ObservationCategory; value: string; unit: string | null };

/**
 * The observation's code, display, value and unit, checked together: vital signs are the catalogue's vital-sign
 * codes with a number and one of their UCUM units; laboratory values may be text, and their unit, when given, is UCUM.
 */
export function observationCoding(input: { code: string; display?: string | null; category: ObservationCategory; value: string; unit?: string | null }): ObservationCoding {
  const code = requireLoinc(input.code);
  const entry = LOINC_CATALOGUE[code];
  const { category } = input;
  if (entry && entry.category !== category) throw badUserInput(`${code} (${entry.display}) is a ${entry.category} code, not ${category}.`, 'category');
  if (category === 'VITAL_SIGNS' && !entry)
    throw badUserInput(`${code} is not a vital sign: VITAL_SIGNS takes one of ${Object.keys(LOINC_CATALOGUE).filter((c) => LOINC_CATALOGUE[c]!.category === 'VITAL_SIGNS').join(', ')}.`, 'code');
  const display = input.display?.trim() || entry?.display;
  if (!display) throw badUserInput(`Give a display for ${code}: it is not in the bundled catalogue of common codes.`, 'display');
  const { value, unit } = observationValue({ category, value: input.value, unit: input.unit ?? null }, entry?.units);
  return { code, display: display.slice(0, 300), category, value, unit };
}

/** The value and unit of an observation (also for corrections, where the code stays). */
export function observationValue(input: { category: ObservationCategory; value: string; unit: string | null }, units?: readonly string[]) {
  const value = input.value.trim();
  if (!value || value.length > 200) throw badUserInput('value must be 1–200 characters.', 'value');
  const unit = input.unit?.trim() || null;
  if (input.category === 'VITAL_SIGNS') {
    if (!NUMBER.test(value) || !Number.isFinite(Number(value))) throw badUserInput(`A vital sign's value is a number (e.g. 72 or 36.8), not "${value}".`, 'value');
    if (!unit) throw badUserInput(`A vital sign needs its UCUM unit: ${units?.join(' or ') ?? 'e.g. mm[Hg]'}.`, 'unit');
  }
  if (unit && units && !units.includes(unit)) throw badUserInput(`"${unit}" is not a UCUM unit for this code: use ${units.join(' or ')}.`, 'unit');
  if (unit && !units && !UCUM_UNITS.has(unit)) throw badUserInput(`"${unit}" is not a UCUM unit this service knows (UCUM is case-sensitive, e.g. mg/dL, mm[Hg], Cel).`, 'unit');
  return { value, unit };
}

export const loincEntry = (code: string) => LOINC_CATALOGUE[code];
