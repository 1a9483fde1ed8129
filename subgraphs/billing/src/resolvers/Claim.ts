/** Claim fields: amounts as Money, invoice and coverage batched, patient and insurer as federation references. */
import type { ClaimResolvers } from '../generated/graphql';
import { money } from '../services/money';

export const Claim: ClaimResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.claim.load(reference.id),
  invoice: (claim, _args, ctx) => ctx.loaders.invoice.load(claim.invoiceId).then((invoice) => invoice!),
  coverage: (claim, _args, ctx) => ctx.loaders.coverage.load(claim.coverageId).then((coverage) => coverage!),
  patient: (claim) => ({ id: claim.patientId }),
  insurer: (claim) => ({ id: claim.insurerId }),
  amount: (claim) => money(claim.amount, claim.currency),
  approvedAmount: (claim) => (claim.approvedAmount ? money(claim.approvedAmount, claim.currency) : null),
};
