/** Root reads: the audit trail and its verification, for ADMIN. */
import type { QueryResolvers } from '../generated/graphql';

export const Query: QueryResolvers = {
  auditEvents: (_parent, args, ctx) => ctx.audit.trail.list(ctx.viewer, args),
  verifyAuditChain: (_parent, _args, ctx) => ctx.audit.trail.verify(ctx.viewer),
};
