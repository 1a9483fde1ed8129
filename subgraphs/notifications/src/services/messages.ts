/**
 * What each domain event tells whom: the audience (a patient's account, a practitioner's, or every account of a role)
 * and a short, human title and body. Pure, so every wording is tested without a database. Bodies say only what the
 * recipient may read anyway and never a clinical value: a lab result's value stays behind the result's own access rules.
 */
import type { EventOf } from '@caregraph/events';
import type { NotificationType } from '../generated/prisma/client';

/** The event types that make notifications (the inbox consumer's types). */
export const NOTIFYING_EVENTS = [
  'scheduling.appointment.booked',
  'scheduling.appointment.rescheduled',
  'scheduling.appointment.cancelled',
  'lab.result.recorded',
  'pharmacy.medication.dispensed',
  'billing.invoice.issued',
  'billing.claim.adjudicated',
  'pharmacy.stock.low',
] as const;
export type NotifyingEvent = EventOf<(typeof NOTIFYING_EVENTS)[number]>;

export type Audience = { patientId: string } | { practitionerId: string } | { role: 'PHARMACIST' };
export type Message = { audience: Audience; type: NotificationType; title: string; body: string; subjectId: string };

const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
/** An instant as people read it, e.g. "Mon, 5 Jan 2026, 09:00 UTC" (the API knows no user's time zone yet). */
export const when = (iso: string) => `${TIME.format(new Date(iso))} UTC`;

/** The notifications one event makes, one per audience; none for events that concern nobody's inbox. */
export function messagesFor(event: NotifyingEvent): Message[] {
  switch (event.type) {
    case 'scheduling.appointment.booked': {
      const { appointmentId, patientId, practitionerId, start } = event.payload;
      return [
        { audience: { patientId }, type: 'APPOINTMENT_BOOKED', title: 'Appointment booked', body: `Your appointment on ${when(start)} is booked.`, subjectId: appointmentId },
        { audience: { practitionerId }, type: 'APPOINTMENT_BOOKED', title: 'New appointment', body: `An appointment with you was booked for ${when(start)}.`, subjectId: appointmentId },
      ];
    }
    case 'scheduling.appointment.rescheduled': {
      const { appointmentId, patientId, practitionerId, start, previousStart } = event.payload;
      const moved = `from ${when(previousStart)} to ${when(start)}`;
      return [
        { audience: { patientId }, type: 'APPOINTMENT_RESCHEDULED', title: 'Appointment moved', body: `Your appointment moved ${moved}.`, subjectId: appointmentId },
        { audience: { practitionerId }, type: 'APPOINTMENT_RESCHEDULED', title: 'Appointment moved', body: `An appointment with you moved ${moved}.`, subjectId: appointmentId },
      ];
    }
    case 'scheduling.appointment.cancelled': {
      const { appointmentId, patientId, practitionerId, start } = event.payload;
      return [
        { audience: { patientId }, type: 'APPOINTMENT_CANCELLED', title: 'Appointment cancelled', body: `Your appointment on ${when(start)} was cancelled.`, subjectId: appointmentId },
        { audience: { practitionerId }, type: 'APPOINTMENT_CANCELLED', title: 'Appointment cancelled', body: `The appointment with you on ${when(start)} was cancelled.`, subjectId: appointmentId },
      ];
    }
    case 'lab.result.recorded': {
      // Version 1 is the result coming in; later versions are corrections of it.
      const { orderId, patientId, orderedById, testName, version } = event.payload;
      const [type, title, verb] = version === 1 ? (['LAB_RESULT_READY', 'Lab result ready', 'is ready'] as const) : (['LAB_RESULT_CORRECTED', 'Lab result corrected', 'was corrected'] as const);
      return [
        { audience: { patientId }, type, title, body: `Your ${testName} result ${verb}.`, subjectId: orderId },
        { audience: { practitionerId: orderedById }, type, title, body: `The ${testName} result you ordered ${verb}.`, subjectId: orderId },
      ];
    }
    case 'pharmacy.medication.dispensed': {
      const { prescriptionId, patientId, medicationName, quantity } = event.payload;
      return [{ audience: { patientId }, type: 'PRESCRIPTION_DISPENSED', title: 'Prescription ready', body: `${medicationName} (${quantity}) was dispensed and is ready for you.`, subjectId: prescriptionId }];
    }
    case 'billing.invoice.issued': {
      const { invoiceId, patientId, number, total, currency } = event.payload;
      return [{ audience: { patientId }, type: 'INVOICE_ISSUED', title: 'New invoice', body: `Invoice ${number} for ${total} ${currency} was issued to you.`, subjectId: invoiceId }];
    }
    case 'billing.claim.adjudicated': {
      const { claimId, patientId, amount, approvedAmount, currency, status } = event.payload;
      const body =
        status === 'APPROVED' ? `Your insurer approved ${approvedAmount ?? amount} ${currency} of your claim for ${amount} ${currency}.` : `Your insurer denied your claim for ${amount} ${currency}.`;
      return [{ audience: { patientId }, type: 'CLAIM_ADJUDICATED', title: status === 'APPROVED' ? 'Claim approved' : 'Claim denied', body, subjectId: claimId }];
    }
    case 'pharmacy.stock.low': {
      const { medicationId, code, name, stockOnHand, reorderLevel } = event.payload;
      return [
        { audience: { role: 'PHARMACIST' }, type: 'STOCK_LOW', title: `Stock low: ${name}`, body: `${name} (${code}) is down to ${stockOnHand}, at or below its reorder level of ${reorderLevel}.`, subjectId: medicationId },
      ];
    }
  }
}
