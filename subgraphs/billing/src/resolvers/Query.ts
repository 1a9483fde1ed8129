/** Root reads: the fee schedule, one invoice or claim, and the lists. */
import type { QueryResolvers } from '../generated/graphql';

export const Query: QueryResolvers = {
  feeSchedule: (_parent, _args, ctx) => ctx.billing.feeSchedule.list(ctx.viewer),
  invoice: (_parent, { id }, ctx) => ctx.billing.invoices.get(ctx.patientAccess, id),
  invoices: (_parent, args, ctx) => ctx.billing.invoices.list(ctx.patientAccess, args),
  claim: (_parent, { id }, ctx) => ctx.billing.claims.get(ctx.patientAccess, id),
  claims: (_parent, args, ctx) => ctx.billing.claims.list(ctx.patientAccess, args),
};
