/** LabOrder fields: references by id, the test, the current result and its history through the loaders. */
import type { LabOrderResolvers } from '../generated/graphql';

export const LabOrder: LabOrderResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.labOrder.load(reference.id),
  patient: (order) => ({ id: order.patientId }),
  orderedBy: (order) => ({ id: order.orderedById }),
  collectedBy: (order) => (order.collectedById ? { id: order.collectedById } : null),
  test: async (order, _args, ctx) => (await ctx.loaders.labTest.load(order.testCode))[0]!,
  result: async (order, _args, ctx) => (await ctx.loaders.currentResult.load(order.id))[0] ?? null,
  history: (order, _args, ctx) => ctx.loaders.resultHistory.load(order.id),
};
