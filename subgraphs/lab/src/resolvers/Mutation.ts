/** Root writes: the catalogue and every step of a lab order, each one call to the service that authorizes and validates it. */
import type { MutationResolvers } from '../generated/graphql';

export const Mutation: MutationResolvers = {
  defineLabTest: (_parent, { input }, ctx) => ctx.lab.tests.define(ctx.viewer, input),
  orderLabTest: (_parent, { input }, ctx) => ctx.lab.orders.order(ctx.patientAccess, input),
  collectSpecimen: (_parent, { orderId }, ctx) => ctx.lab.orders.collect(ctx.viewer, orderId),
  recordLabResult: (_parent, { orderId, value }, ctx) => ctx.lab.orders.recordResult(ctx.viewer, orderId, value),
  correctLabResult: (_parent, { orderId, value, reason }, ctx) => ctx.lab.orders.correctResult(ctx.viewer, orderId, value, reason),
  cancelLabOrder: (_parent, { id, reason }, ctx) => ctx.lab.orders.cancel(ctx.patientAccess, id, reason),
};
