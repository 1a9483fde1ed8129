/** Root writes: prices, invoices, payments, coverage and claims, each one call to a service. */
import type { MutationResolvers } from '../generated/graphql';

export const Mutation: MutationResolvers = {
  setFeeScheduleItem: (_parent, { input }, ctx) => ctx.billing.feeSchedule.set(ctx.viewer, input),
  addInvoiceLine: (_parent, { invoiceId, input }, ctx) => ctx.billing.invoices.addLine(ctx.patientAccess, invoiceId, input),
  issueInvoice: (_parent, { id }, ctx) => ctx.billing.invoices.issue(ctx.patientAccess, id),
  recordPayment: (_parent, input, ctx) => ctx.billing.invoices.recordPayment(ctx.patientAccess, input),
  voidInvoice: (_parent, { id, reason }, ctx) => ctx.billing.invoices.void(ctx.patientAccess, id, reason),
  addCoverage: (_parent, { input }, ctx) => ctx.billing.coverages.add(ctx.patientAccess, input),
  deactivateCoverage: (_parent, { id }, ctx) => ctx.billing.coverages.deactivate(ctx.patientAccess, id),
  submitClaim: (_parent, { invoiceId, coverageId }, ctx) => ctx.billing.claims.submit(ctx.patientAccess, invoiceId, coverageId),
  adjudicateClaim: (_parent, { id, ...decision }, ctx) => ctx.billing.claims.adjudicate(ctx.patientAccess, id, decision),
  markClaimPaid: (_parent, { id }, ctx) => ctx.billing.claims.markPaid(ctx.patientAccess, id),
};
