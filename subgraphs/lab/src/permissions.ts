/** Who may read the lab context's types (root operations are in @caregraph/access operationRules). Deny by default. */
import { allow, isAuthenticated, patientRule, rule } from '@caregraph/access';
import { forbidden, unauthenticated } from '@caregraph/errors';
import type { IRules } from 'graphql-shield';
import type { LabOrder } from './generated/prisma/client';
import type { RequestContext } from './request-context';
import { LAB_RESULTS_READ, mayReadLabOrder } from './services/orders';

/** On the type, so an order reached through a root field, a patient's list, a mutation or `_entities` is checked alike. */
const labOrderReadable = rule('labOrderReadable', { cache: 'no_cache' })(async (parent: LabOrder, _args, ctx: RequestContext) => {
  if (!ctx.viewer) return unauthenticated();
  return (await mayReadLabOrder(ctx.patientAccess, parent)) || forbidden('You may not see this lab order.');
});

export const permissions: IRules = {
  LabOrder: labOrderReadable,
  // A result row exists only once its order is RESULTED, so the patient's condition holds for it by construction.
  LabResult: patientRule(LAB_RESULTS_READ, (result: { patientId: string }) => result.patientId),
  // The catalogue holds no patient data.
  LabTest: isAuthenticated,
  Patient: { id: isAuthenticated, labOrders: patientRule(LAB_RESULTS_READ) },
  // A reference to care-team's entity: an id, nothing more.
  Practitioner: isAuthenticated,
  LabOrderConnection: allow,
  LabOrderEdge: allow,
  PageInfo: allow,
};
