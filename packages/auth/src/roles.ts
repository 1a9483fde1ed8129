/** The roles of the permission matrix (docs/api.md). */
export const ROLES = [
  'ADMIN',
  'DOCTOR',
  'NURSE',
  'PATIENT',
  'PHARMACIST',
  'LAB_TECHNICIAN',
  'BILLING_CLERK',
  'INSURANCE_PROVIDER',
] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);
