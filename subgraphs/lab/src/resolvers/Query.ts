/** Root reads: the catalogue, one order and the worklist, each authorized by its service. */
import type { QueryResolvers } from '../generated/graphql';

export const Query: QueryResolvers = {
  labTests: (_parent, _args, ctx) => ctx.lab.tests.list(ctx.viewer),
  labOrder: (_parent, { id }, ctx) => ctx.lab.orders.get(ctx.patientAccess, id),
  labOrders: (_parent, args, ctx) => ctx.lab.orders.list(ctx.patientAccess, args),
};
