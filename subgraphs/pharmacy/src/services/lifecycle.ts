/** The prescription lifecycle (FHIR R4 MedicationRequest.status) as one table: the service and its tests both read it. */
import { conflict } from '@caregraph/errors';
import type { PrescriptionStatus } from '../generated/prisma/enums';

/**
 * Every allowed status change, and the operation that makes it. Anything not listed is CONFLICT. ACTIVE → COMPLETED
 * is made by the dispense of the last prescribed unit, in the same conditional UPDATE that counts it.
 */
export const PRESCRIPTION_TRANSITIONS = {
  ACTIVE: { ON_HOLD: 'holdPrescription', CANCELLED: 'cancelPrescription', COMPLETED: 'dispense' },
  ON_HOLD: { ACTIVE: 'resumePrescription', CANCELLED: 'cancelPrescription' },
  COMPLETED: {},
  CANCELLED: {},
} as const satisfies Record<PrescriptionStatus, Partial<Record<PrescriptionStatus, string>>>;

/** Only an ACTIVE prescription is dispensed (the dispensing UPDATE says the same). */
export const DISPENSABLE: PrescriptionStatus = 'ACTIVE';

export const canTransition = (from: PrescriptionStatus, to: PrescriptionStatus): boolean => to in PRESCRIPTION_TRANSITIONS[from];

/** Throws CONFLICT naming what is allowed from `from`, unless `from → to` is in the table. */
export function assertTransition(from: PrescriptionStatus, to: PrescriptionStatus): void {
  if (canTransition(from, to)) return;
  const allowed = Object.entries(PRESCRIPTION_TRANSITIONS[from]).map(([status, operation]) => `${status} (${operation})`);
  throw conflict(
    `The prescription is ${from} and cannot become ${to}: ` +
      (allowed.length ? `from ${from} it can only become ${allowed.join(', ')}.` : `${from} is final, no change is allowed.`),
  );
}

/** Units a prescription allows in all: one fill of `quantity`, then `refills` more. */
export const totalQuantity = (p: { quantity: number; refills: number }) => p.quantity * (1 + p.refills);
export const remainingQuantity = (p: { quantity: number; refills: number; dispensedQuantity: number }) => totalQuantity(p) - p.dispensedQuantity;
/** Fills left after the one in progress: a partly dispensed fill still counts as the current one. */
export const refillsRemaining = (p: { quantity: number; refills: number; dispensedQuantity: number }) =>
  Math.max(0, Math.ceil(remainingQuantity(p) / p.quantity) - 1);
