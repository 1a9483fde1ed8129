/** Invoice fields: amounts as Money, the patient and appointment as federation references, nested lists batched. */
import type { InvoiceResolvers } from '../generated/graphql';
import { balanceOf } from '../services/invoices';
import { money } from '../services/money';

export const Invoice: InvoiceResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.invoice.load(reference.id),
  patient: (invoice) => ({ id: invoice.patientId }),
  appointment: (invoice) => (invoice.appointmentId ? { id: invoice.appointmentId } : null),
  lines: (invoice, _args, ctx) => ctx.loaders.linesOfInvoice.load(invoice.id),
  total: (invoice) => money(invoice.total, invoice.currency),
  balance: (invoice) => money(balanceOf(invoice), invoice.currency),
  payments: (invoice, _args, ctx) => ctx.loaders.paymentsOfInvoice.load(invoice.id),
  claims: (invoice, _args, ctx) => ctx.loaders.claimsOfInvoice.load(invoice.id),
};
