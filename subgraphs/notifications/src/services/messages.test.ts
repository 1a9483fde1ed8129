/** Who hears of each event and how it is worded: every notifying event, its audiences, and no clinical value in any body. */
import { describe, expect, it } from 'vitest';
import type { EventOf } from '@caregraph/events';
import { messagesFor, NOTIFYING_EVENTS, when, type NotifyingEvent } from './messages';

const event = <T extends NotifyingEvent['type']>(type: T, payload: EventOf<T>['payload']) => ({ id: 'e1', type, aggregateId: null, occurredAt: '', payload }) as unknown as NotifyingEvent;
const appointment = { appointmentId: 'a1', patientId: 'pa1', practitionerId: 'pr1', start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T09:30:00.000Z', status: 'BOOKED' };
const invoice = { invoiceId: 'i1', number: 'INV-2026-000007', patientId: 'pa1', appointmentId: null, total: '125.50', balance: '125.50', currency: 'USD', status: 'ISSUED' };
const claim = { claimId: 'c1', invoiceId: 'i1', patientId: 'pa1', coverageId: 'cv1', insurerId: 'o1', amount: '200.00', currency: 'USD', status: 'APPROVED' };
const labResult = (version: number) =>
  ({ orderId: 'o1', patientId: 'pa1', orderedById: 'pr9', testCode: '2345-7', testName: 'Glucose', priority: 'ROUTINE', status: 'RESULTED', resultId: 'r1', value: '182', unit: 'mg/dL', interpretation: 'HIGH', resultedAt: '', version, supersedes: null, lineageId: 'r1', performerId: 'pr5' }) as never;

const EXAMPLES: NotifyingEvent[] = [
  event('scheduling.appointment.booked', appointment as never),
  event('scheduling.appointment.rescheduled', { ...appointment, previousStart: '2026-03-01T09:00:00.000Z', previousEnd: '2026-03-01T09:30:00.000Z' } as never),
  event('scheduling.appointment.cancelled', { ...appointment, cancellationReason: 'Private reason' } as never),
  event('lab.result.recorded', labResult(1)),
  event('lab.result.recorded', labResult(2)),
  event('pharmacy.medication.dispensed', { dispenseId: 'd1', prescriptionId: 'rx1', patientId: 'pa1', medicationId: 'm1', medicationName: 'Metformin', quantity: 30, stockOnHand: 70 }),
  event('billing.invoice.issued', invoice as never),
  event('billing.claim.adjudicated', { ...claim, approvedAmount: '150.00', denialReason: null } as never),
  event('billing.claim.adjudicated', { ...claim, status: 'DENIED', approvedAmount: null, denialReason: 'Not covered' } as never),
  event('pharmacy.stock.low', { medicationId: 'm1', code: '860975', name: 'Metformin', stockOnHand: 4, reorderLevel: 5 }),
];

describe('messagesFor', () => {
  it('covers every notifying event type', () => {
    expect(new Set(EXAMPLES.map((e) => e.type))).toEqual(new Set(NOTIFYING_EVENTS));
  });

  it('tells an appointment change to the patient and the practitioner, with the time and never the reason', () => {
    for (const e of EXAMPLES.filter((x) => x.type.startsWith('scheduling.'))) {
      const messages = messagesFor(e);
      expect(messages.map((m) => m.audience)).toEqual([{ patientId: 'pa1' }, { practitionerId: 'pr1' }]);
      expect(messages.every((m) => m.subjectId === 'a1' && m.body.includes(when(appointment.start)))).toBe(true);
      expect(JSON.stringify(messages)).not.toContain('Private reason');
    }
    expect(when('2026-03-02T09:00:00.000Z')).toBe('Mon, 2 Mar 2026, 09:00 UTC');
  });

  it('tells a lab result to the patient and the ordering doctor, ready then corrected, without its value', () => {
    const [ready, corrected] = [messagesFor(EXAMPLES[3]!), messagesFor(EXAMPLES[4]!)];
    expect(ready.map((m) => [m.audience, m.type])).toEqual([
      [{ patientId: 'pa1' }, 'LAB_RESULT_READY'],
      [{ practitionerId: 'pr9' }, 'LAB_RESULT_READY'],
    ]);
    expect(corrected.every((m) => m.type === 'LAB_RESULT_CORRECTED' && m.title === 'Lab result corrected')).toBe(true);
    expect(JSON.stringify([...ready, ...corrected])).not.toMatch(/182|HIGH|mg\/dL/);
  });

  it('tells the patient of a dispense, an invoice and a claim decision, and every pharmacist of a low stock', () => {
    const [dispense, issued, approved, denied, low] = [5, 6, 7, 8, 9].map((i) => messagesFor(EXAMPLES[i]!));
    expect(dispense).toEqual([expect.objectContaining({ audience: { patientId: 'pa1' }, type: 'PRESCRIPTION_DISPENSED', subjectId: 'rx1', body: expect.stringContaining('Metformin (30)') })]);
    expect(issued).toEqual([expect.objectContaining({ audience: { patientId: 'pa1' }, type: 'INVOICE_ISSUED', body: expect.stringContaining('INV-2026-000007 for 125.50 USD') })]);
    expect(approved![0]).toMatchObject({ title: 'Claim approved', body: expect.stringContaining('approved 150.00 USD of your claim for 200.00 USD') });
    expect(denied![0]).toMatchObject({ title: 'Claim denied', body: 'Your insurer denied your claim for 200.00 USD.' });
    expect(low).toEqual([expect.objectContaining({ audience: { role: 'PHARMACIST' }, type: 'STOCK_LOW', subjectId: 'm1', body: expect.stringContaining('down to 4') })]);
  });
});
