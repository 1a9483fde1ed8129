/** The small bundled catalogue of common codes: fills in `display` when a caller omits it and fixes each vital sign's unit. */
import type { ObservationCategory } from '../generated/prisma/enums';

/** Common ICD-10-CM diagnoses of a primary-care clinic, by normalized code (with the dot). */
export const ICD10_CATALOGUE: Readonly<Record<string, string>> = {
  'I10': 'Essential (primary) hypertension',
  'E11.9': 'Type 2 diabetes mellitus without complications',
  'E78.5': 'Hyperlipidemia, unspecified',
  'E66.9': 'Obesity, unspecified',
  'E03.9': 'Hypothyroidism, unspecified',
  'J45.909': 'Unspecified asthma, uncomplicated',
  'J44.9': 'Chronic obstructive pulmonary disease, unspecified',
  'J06.9': 'Acute upper respiratory infection, unspecified',
  'J30.2': 'Other seasonal allergic rhinitis',
  'K21.9': 'Gastro-esophageal reflux disease without esophagitis',
  'M54.50': 'Low back pain, unspecified',
  'F32.9': 'Major depressive disorder, single episode, unspecified',
  'F41.1': 'Generalized anxiety disorder',
  'I25.10': 'Atherosclerotic heart disease of native coronary artery without angina pectoris',
  'I48.91': 'Unspecified atrial fibrillation',
  'I50.9': 'Heart failure, unspecified',
  'N39.0': 'Urinary tract infection, site not specified',
  'Z00.00': 'Encounter for general adult medical examination without abnormal findings',
};

export type LoincEntry = { display: string; category: ObservationCategory; /** UCUM units accepted for it; the first is usual. */ units: readonly string[] };

/**
 * Common LOINC codes. The VITAL_SIGNS entries are the FHIR vital-signs profile's codes: a vital sign must be one of
 * them, so a nurse (who may record vitals only) cannot file a laboratory result as a "vital sign".
 */
export const LOINC_CATALOGUE: Readonly<Record<string, LoincEntry>> = {
  '8480-6': { display: 'Systolic blood pressure', category: 'VITAL_SIGNS', units: ['mm[Hg]'] },
  '8462-4': { display: 'Diastolic blood pressure', category: 'VITAL_SIGNS', units: ['mm[Hg]'] },
  '8867-4': { display: 'Heart rate', category: 'VITAL_SIGNS', units: ['/min'] },
  '9279-1': { display: 'Respiratory rate', category: 'VITAL_SIGNS', units: ['/min'] },
  '8310-5': { display: 'Body temperature', category: 'VITAL_SIGNS', units: ['Cel', '[degF]'] },
  '2708-6': { display: 'Oxygen saturation in Arterial blood', category: 'VITAL_SIGNS', units: ['%'] },
  '59408-5': { display: 'Oxygen saturation in Arterial blood by Pulse oximetry', category: 'VITAL_SIGNS', units: ['%'] },
  '29463-7': { display: 'Body weight', category: 'VITAL_SIGNS', units: ['kg', '[lb_av]', 'g'] },
  '8302-2': { display: 'Body height', category: 'VITAL_SIGNS', units: ['cm', '[in_i]', 'm'] },
  '39156-5': { display: 'Body mass index (BMI) [Ratio]', category: 'VITAL_SIGNS', units: ['kg/m2'] },
  '9843-4': { display: 'Head Occipital-frontal circumference', category: 'VITAL_SIGNS', units: ['cm', '[in_i]'] },
  '2345-7': { display: 'Glucose [Mass/volume] in Serum or Plasma', category: 'LABORATORY', units: ['mg/dL', 'mmol/L'] },
  '4548-4': { display: 'Hemoglobin A1c/Hemoglobin.total in Blood', category: 'LABORATORY', units: ['%'] },
  '2093-3': { display: 'Cholesterol [Mass/volume] in Serum or Plasma', category: 'LABORATORY', units: ['mg/dL', 'mmol/L'] },
  '718-7': { display: 'Hemoglobin [Mass/volume] in Blood', category: 'LABORATORY', units: ['g/dL'] },
  '2160-0': { display: 'Creatinine [Mass/volume] in Serum or Plasma', category: 'LABORATORY', units: ['mg/dL'] },
  '6690-2': { display: 'Leukocytes [#/volume] in Blood by Automated count', category: 'LABORATORY', units: ['10*3/uL'] },
};

/** UCUM units (case-sensitive, as UCUM is) accepted for observations outside the catalogue's own lists. */
export const UCUM_UNITS: ReadonlySet<string> = new Set([
  ...Object.values(LOINC_CATALOGUE).flatMap((entry) => entry.units),
  'mg/dL', 'mmol/L', 'g/dL', 'g/L', 'U/L', 'mEq/L', 'ng/mL', 'pg/mL', 'mIU/L', 'uIU/mL', '10*3/uL', '10*6/uL', 'fL', 'pg',
  'mL/min/{1.73_m2}', 's', 'min', 'h', '1', '{ratio}', 'mg', 'ug', 'L', 'mL',
]);
