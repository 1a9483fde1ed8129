/** The lab order lifecycle (FHIR R4 ServiceRequest.status as the lab uses it) as one table: the service and its tests read it. */
import { conflict } from '@caregraph/errors';
import type { LabOrderStatus } from '../generated/prisma/enums';

export type LabOrderAction = 'collectSpecimen' | 'recordLabResult' | 'correctLabResult' | 'cancelLabOrder';

/**
 * Every allowed move: from a status, which mutation leads to which status. Anything not listed is CONFLICT. A
 * correction keeps a RESULTED order RESULTED (a new result version); RESULTED and CANCELLED are otherwise final.
 */
export const LAB_ORDER_TRANSITIONS = {
  ORDERED: { collectSpecimen: 'COLLECTED', cancelLabOrder: 'CANCELLED' },
  COLLECTED: { recordLabResult: 'RESULTED', cancelLabOrder: 'CANCELLED' },
  RESULTED: { correctLabResult: 'RESULTED' },
  CANCELLED: {},
} as const satisfies Record<LabOrderStatus, Partial<Record<LabOrderAction, LabOrderStatus>>>;

const STATUSES = Object.keys(LAB_ORDER_TRANSITIONS) as LabOrderStatus[];

/** The status `action` leads to from `from`; CONFLICT naming what `from` allows when the table has no such move. */
export function transition(from: LabOrderStatus, action: LabOrderAction): LabOrderStatus {
  const moves: Partial<Record<LabOrderAction, LabOrderStatus>> = LAB_ORDER_TRANSITIONS[from];
  const to = moves[action];
  if (to) return to;
  const allowed = Object.keys(moves);
  throw conflict(`The lab order is ${from}: ${action} is not possible. ${allowed.length ? `From ${from} only ${allowed.join(' or ')} is.` : `${from} is final.`}`);
}

/** The statuses `action` may start from: the WHERE of the conditional update that applies it. */
export const statusesAllowing = (action: LabOrderAction): LabOrderStatus[] => STATUSES.filter((status) => action in LAB_ORDER_TRANSITIONS[status]);
