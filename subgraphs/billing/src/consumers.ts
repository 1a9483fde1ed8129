/**
 * Every event the billing context applies: bookings open a DRAFT invoice, cancellations and no-shows void it; and its
 * projections of which patients and organizations exist. A fulfilled visit changes nothing: its draft waits to be
 * issued by a clerk.
 */
import type { KnownPatients } from '@caregraph/access';
import { consumer, type ConsumerSpec } from '@caregraph/events';
import type { Prisma } from './generated/prisma/client';
import type { KnownOrganizations } from './projections';
import type { InvoiceService } from './services/invoices';

export const consumers = (invoices: InvoiceService, knownPatients: KnownPatients, organizations: KnownOrganizations): ConsumerSpec<Prisma.TransactionClient>[] => [
  consumer({
    group: 'billing.appointment-invoices',
    types: ['scheduling.appointment.booked', 'scheduling.appointment.cancelled', 'scheduling.appointment.noshow'],
    apply: (tx: Prisma.TransactionClient, event) =>
      event.type === 'scheduling.appointment.booked'
        ? invoices.openForAppointment(tx, event.payload)
        : invoices.voidForAppointment(tx, event.payload, event.type === 'scheduling.appointment.cancelled' ? 'Appointment cancelled' : 'Appointment missed (no-show)'),
  }),
  knownPatients.consumer,
  organizations.consumer,
];
