/**
 * Who may read the audit context's types (root operations are in @caregraph/access operationRules). Deny by default.
 * The trail is ADMIN's; a patient's access log is the patient's and ADMIN's. On the types, so root fields, nested
 * fields and `_entities` are checked alike.
 */
import { allow, hasRole, isAuthenticated, rule } from '@caregraph/access';
import { forbidden, unauthenticated } from '@caregraph/errors';
import type { IRules } from 'graphql-shield';
import type { RequestContext } from './request-context';

const admin = hasRole('ADMIN');

const ownRecordOrAdmin = rule('ownAccessLog', { cache: 'no_cache' })((patient: { id: string }, _args, ctx: RequestContext) => {
  if (!ctx.viewer) return unauthenticated();
  return ctx.viewer.role === 'ADMIN' || ctx.viewer.patientId === patient.id || forbidden('Only the patient and ADMIN may see who read this record.');
});

export const permissions: IRules = {
  AuditEvent: admin,
  AuditEventConnection: admin,
  AuditEventEdge: admin,
  AuditChainReport: admin,
  PhiEntityRead: allow,
  Patient: { id: isAuthenticated, accessLog: ownRecordOrAdmin },
  // Reached only through an authorized Patient.accessLog.
  AccessLogConnection: allow,
  AccessLogEdge: allow,
  AccessLogEntry: allow,
  PageInfo: allow,
};
