/**
 * Who may read the billing context's types (root operations are in @caregraph/access operationRules). Deny by
 * default. On the types, so root fields, nested fields and `_entities` are checked alike.
 */
import { allow, isAuthenticated, or, patientRule, rule } from '@caregraph/access';
import { forbidden, unauthenticated } from '@caregraph/errors';
import type { IRules } from 'graphql-shield';
import type { Claim, Coverage, Invoice } from './generated/prisma/client';
import type { PaymentMapper } from './mappers';
import type { RequestContext } from './request-context';
import { insurerOf, mayReadClaim } from './services/access';

const billingRead = patientRule('billing:read', (record: { patientId: string }) => record.patientId);
const paymentRead = patientRule('billing:read', (payment: PaymentMapper) => payment.invoice.patientId);
const claimsOfInvoiceRead = patientRule('claims:read', (invoice: Invoice) => invoice.patientId);

const claimReadable = rule('claimReadable', { cache: 'no_cache' })(async (claim: Claim, _args, ctx: RequestContext) => {
  if (!ctx.viewer) return unauthenticated();
  return (await mayReadClaim(ctx.patientAccess, claim)) || forbidden('You may not see this claim.');
});

/** An insurer sees an invoice only while one of its organization's claims is for it. */
const insurerOfInvoice = rule('insurerOfInvoice', { cache: 'no_cache' })(async (invoice: Invoice, _args, ctx: RequestContext) => {
  if (!ctx.viewer) return unauthenticated();
  const insurerId = insurerOf(ctx.viewer);
  const claims = insurerId ? await ctx.loaders.claimsOfInvoice.load(invoice.id) : [];
  return claims.some((claim) => claim.insurerId === insurerId) || forbidden('You may not see this invoice.');
});

/** An insurer sees the coverages it insures (reached through its claims). */
const insurerOfCoverage = rule('insurerOfCoverage', { cache: 'no_cache' })(async (coverage: Coverage, _args, ctx: RequestContext) => {
  if (!ctx.viewer) return unauthenticated();
  return insurerOf(ctx.viewer) === coverage.insurerId || forbidden('You may not see this coverage.');
});

/** What a claim needs of its invoice: what is billed and for whom, not the payments, balance or other claims. */
const invoiceOrClaimed = or(billingRead, insurerOfInvoice);

export const permissions: IRules = {
  Invoice: {
    '*': billingRead,
    id: invoiceOrClaimed,
    number: invoiceOrClaimed,
    status: invoiceOrClaimed,
    patient: invoiceOrClaimed,
    lines: invoiceOrClaimed,
    total: invoiceOrClaimed,
    issuedAt: invoiceOrClaimed,
    createdAt: invoiceOrClaimed,
    // Claims are claims:read (not the administrators'), whoever may read the invoice.
    claims: claimsOfInvoiceRead,
  },
  Claim: claimReadable,
  Coverage: or(billingRead, insurerOfCoverage),
  Payment: paymentRead,
  // Reached only through Invoice.lines and the amounts of protected types.
  InvoiceLine: allow,
  Money: allow,
  FeeScheduleItem: isAuthenticated,
  Patient: { id: isAuthenticated, invoices: patientRule('billing:read'), coverages: patientRule('billing:read'), claims: patientRule('claims:read') },
  // The Invoice rules decide what of the appointment's invoice the viewer sees.
  Appointment: isAuthenticated,
  Organization: isAuthenticated,
  InvoiceConnection: allow,
  InvoiceEdge: allow,
  ClaimConnection: allow,
  ClaimEdge: allow,
  PageInfo: allow,
};
