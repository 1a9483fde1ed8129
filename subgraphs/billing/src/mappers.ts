/** GraphQL types backed by storage rows (see codegen.ts: `XMapper` maps type `X`). */
import type { Connection } from '@caregraph/db';
import type { Claim, Coverage, FeeScheduleItem, Invoice, InvoiceLine, Payment } from './generated/prisma/client';
import type { Amount } from './services/money';

export type InvoiceMapper = Invoice;
export type InvoiceLineMapper = InvoiceLine & { invoice: { currency: string } };
export type PaymentMapper = Payment & { invoice: { currency: string; patientId: string } };
export type CoverageMapper = Coverage;
export type ClaimMapper = Claim;
export type FeeScheduleItemMapper = FeeScheduleItem;
export type MoneyMapper = Amount;
export type InvoiceConnectionMapper = Connection<Invoice>;
export type ClaimConnectionMapper = Connection<Claim>;
/** This context knows patients, appointments and organizations only by id. */
export type PatientMapper = { id: string };
export type AppointmentMapper = { id: string };
export type OrganizationMapper = { id: string };
