/** A payment: its amount in its invoice's currency, the invoice itself batched. */
import type { PaymentResolvers } from '../generated/graphql';
import { money } from '../services/money';

export const Payment: PaymentResolvers = {
  invoice: (payment, _args, ctx) => ctx.loaders.invoice.load(payment.invoiceId).then((invoice) => invoice!),
  amount: (payment) => money(payment.amount, payment.invoice.currency),
};
