/** An invoice line's amounts in its invoice's currency. */
import type { InvoiceLineResolvers } from '../generated/graphql';
import { money } from '../services/money';

export const InvoiceLine: InvoiceLineResolvers = {
  unitPrice: (line) => money(line.unitPrice, line.invoice.currency),
  amount: (line) => money(line.amount, line.invoice.currency),
};
