/**
 * Every domain event of Caregraph and its payload: the one contract between the context that records an event and the
 * contexts that consume it. Producers and consumers are type-checked against it, so no payload is ever cast.
 * Names are past tense, `context.entity.verb` (docs/architecture.md, "Events").
 */

/** What other contexts learn of a patient: enough to know it exists, whether it is active, and to show a name. */
export type PatientAnnounced = { patientId: string; givenName: string; familyName: string; birthDate: string; active: boolean };

/** What billing, notifications and live subscriptions need of an appointment at every step of its lifecycle. */
export type AppointmentFacts = {
  appointmentId: string;
  patientId: string;
  practitionerId: string;
  start: string;
  end: string;
  reason: string | null;
  status: string;
};

/** An encounter as the contexts that follow it (scheduling fulfils the appointment) see it. */
export type EncounterFacts = { encounterId: string; patientId: string; practitionerId: string; appointmentId: string | null; start: string; end: string | null };

/** A prescription at every step of its lifecycle (pharmacy); `prescriberId` is a practitioner id. */
export type PrescriptionFacts = {
  prescriptionId: string;
  patientId: string;
  prescriberId: string;
  medicationId: string;
  medicationCode: string;
  medicationName: string;
  quantity: number;
  refillsRemaining: number;
  status: string;
};

/** A lab order at every step of its lifecycle (lab); `orderedById` is a practitioner id. */
export type LabOrderFacts = { orderId: string; patientId: string; orderedById: string; testCode: string; testName: string; priority: string; status: string };

/** An invoice as billing announces it; amounts are exact decimal strings, never numbers. */
export type InvoiceFacts = { invoiceId: string; number: string; patientId: string; appointmentId: string | null; total: string; balance: string; currency: string; status: string };

/** A claim as billing announces it; `insurerId` is the insurer organization (care-team's Organization id). */
export type ClaimFacts = { claimId: string; invoiceId: string; patientId: string; coverageId: string; insurerId: string; amount: string; currency: string; status: string };

/**
 * The contexts that hold protected health information: each reports, after every request that read (or was refused)
 * some, who read which patient's what, as one `<context>.phi.read` event (packages/server's PHI reads, docs/audit.md).
 */
export const PHI_CONTEXTS = ['patients', 'ehr', 'lab', 'pharmacy'] as const;
export type PhiContext = (typeof PHI_CONTEXTS)[number];
export type PhiReadEventType = `${PhiContext}.phi.read`;

/** One request's reads of protected health information in one context: per patient, allowed and refused apart. */
export type PhiReadReport = {
  actorId: string | null;
  actorRole: string | null;
  /** The client's operation name (the gateway's query-plan suffix removed), if it named one. */
  operation: string | null;
  requestId: string | null;
  readAt: string;
  reads: { patientId: string; allowed: boolean; entities: { type: string; fields: string[] }[] }[];
};

export type EventCatalogue = Record<PhiReadEventType, PhiReadReport> & {
  /** A person registered a PATIENT account; the patients context creates the record with `patientId`. */
  'identity.user.registered': { userId: string; patientId: string; email: string; givenName: string; familyName: string; birthDate: string; phone: string | null };
  'identity.user.created': { userId: string; email: string; role: string; patientId: string | null; practitionerId: string | null; organizationId: string | null };
  'patients.patient.registered': PatientAnnounced;
  'patients.patient.updated': PatientAnnounced & { changed: string[] };
  'patients.patient.deactivated': { patientId: string };
  'care-team.practitioner.created': { practitionerId: string; role: string; licenseStatus: string };
  'care-team.organization.created': { organizationId: string; type: string };
  /** Every context that decides patient access from its own data projects these two (see careTeamProjection). */
  'care-team.member.assigned': { patientId: string; practitionerId: string; role: string };
  'care-team.member.removed': { patientId: string; practitionerId: string };
  'scheduling.appointment.booked': AppointmentFacts;
  'scheduling.appointment.rescheduled': AppointmentFacts & { previousStart: string; previousEnd: string };
  'scheduling.appointment.cancelled': AppointmentFacts & { cancellationReason: string | null };
  'scheduling.appointment.arrived': AppointmentFacts;
  'scheduling.appointment.fulfilled': AppointmentFacts;
  'scheduling.appointment.noshow': AppointmentFacts;
  'ehr.encounter.started': EncounterFacts;
  /** Scheduling fulfils the linked appointment (`appointmentId`) when it hears this. */
  'ehr.encounter.finished': EncounterFacts;
  /** Every version of a condition (recorded, corrected, resolved, entered in error); `lineageId` is the id of its first version. */
  'ehr.condition.recorded': { conditionId: string; patientId: string; code: string; display: string; clinicalStatus: string; version: number; supersedes: string | null; verificationStatus: string; lineageId: string };
  /** Pharmacy projects allergies from this to check prescriptions. */
  'ehr.allergy.recorded': { allergyId: string; patientId: string; substance: string; severity: string; status: string; version: number; supersedes: string | null; lineageId: string };
  'ehr.observation.recorded': {
    observationId: string;
    patientId: string;
    code: string;
    display: string;
    value: string;
    unit: string | null;
    category: string;
    effectiveAt: string;
    verificationStatus: string;
    version: number;
    supersedes: string | null;
    lineageId: string;
  };
  /** Patients and ehr open a patient's name, birth date and allergies to pharmacists from this (see patientRelationsProjection). */
  'pharmacy.prescription.created': PrescriptionFacts;
  'pharmacy.prescription.cancelled': PrescriptionFacts & { reason: string };
  'pharmacy.prescription.completed': PrescriptionFacts;
  /** ACTIVE ⇄ ON_HOLD: nothing is dispensed while a prescription is on hold. */
  'pharmacy.prescription.held': PrescriptionFacts & { reason: string };
  'pharmacy.prescription.resumed': PrescriptionFacts;
  /** `medicationName` names it in the patient's "prescription ready" notification. */
  'pharmacy.medication.dispensed': { dispenseId: string; prescriptionId: string; patientId: string; medicationId: string; medicationName: string; quantity: number; stockOnHand: number };
  'pharmacy.medication.created': { medicationId: string; code: string; name: string; form: string; strength: string };
  'pharmacy.medication.restocked': { medicationId: string; code: string; name: string; quantity: number; stockOnHand: number; reorderLevel: number };
  /** Once per crossing of the reorder level from above; restocking above it re-arms it. */
  'pharmacy.stock.low': { medicationId: string; code: string; name: string; stockOnHand: number; reorderLevel: number };
  /** Patients opens a patient's name and birth date to lab technicians from this. */
  'lab.order.placed': LabOrderFacts;
  'lab.order.cancelled': LabOrderFacts & { reason: string };
  'lab.specimen.collected': LabOrderFacts & { collectedAt: string };
  /**
   * Every version of a result (a correction is a new version); ehr keeps it as a LABORATORY observation whose version
   * ids are the result's. `lineageId` is the id of version 1, `performerId` the lab technician's practitioner id.
   */
  'lab.result.recorded': LabOrderFacts & {
    resultId: string;
    value: string;
    unit: string;
    interpretation: string;
    resultedAt: string;
    version: number;
    supersedes: string | null;
    lineageId: string;
    performerId: string;
    collectedAt: string;
    changeReason: string | null;
  };
  /** A DRAFT invoice was opened (for a booked appointment, its visit line priced from the fee schedule). */
  'billing.invoice.drafted': InvoiceFacts;
  'billing.invoice.issued': InvoiceFacts;
  'billing.invoice.paid': InvoiceFacts;
  'billing.invoice.voided': InvoiceFacts & { reason: string };
  /** Patients opens a patient's name to the users of the claim's insurer organization from this. */
  'billing.claim.submitted': ClaimFacts;
  'billing.claim.adjudicated': ClaimFacts & { approvedAmount: string | null; denialReason: string | null };
  /** The insurer paid an approved claim: an INSURANCE payment of `approvedAmount` on the invoice. */
  'billing.claim.paid': ClaimFacts & { approvedAmount: string; paymentId: string };
  /** Recorded once per idempotency key; `method` INSURANCE for a claim's payment. */
  'billing.payment.recorded': { paymentId: string; invoiceId: string; patientId: string; amount: string; currency: string; method: string; balance: string };
  'billing.coverage.added': { coverageId: string; patientId: string; insurerId: string; active: boolean };
  'billing.coverage.deactivated': { coverageId: string; patientId: string; insurerId: string; active: boolean };
  /** A notification entered `userId`'s inbox; `sequence` is its place in the inbox (the live subscription replays by it). */
  'notifications.notification.created': { notificationId: string; userId: string; type: string; sequence: string };
};

export type EventType = keyof EventCatalogue;
export type EventPayload<T extends EventType> = EventCatalogue[T];

/** Every event type, at run time (the audit trail consumes them all); the type makes a missing or unknown one an error. */
const EVERY_TYPE: Record<EventType, true> = {
  'identity.user.registered': true,
  'identity.user.created': true,
  'patients.patient.registered': true,
  'patients.patient.updated': true,
  'patients.patient.deactivated': true,
  'patients.phi.read': true,
  'care-team.practitioner.created': true,
  'care-team.organization.created': true,
  'care-team.member.assigned': true,
  'care-team.member.removed': true,
  'scheduling.appointment.booked': true,
  'scheduling.appointment.rescheduled': true,
  'scheduling.appointment.cancelled': true,
  'scheduling.appointment.arrived': true,
  'scheduling.appointment.fulfilled': true,
  'scheduling.appointment.noshow': true,
  'ehr.encounter.started': true,
  'ehr.encounter.finished': true,
  'ehr.condition.recorded': true,
  'ehr.allergy.recorded': true,
  'ehr.observation.recorded': true,
  'ehr.phi.read': true,
  'pharmacy.prescription.created': true,
  'pharmacy.prescription.cancelled': true,
  'pharmacy.prescription.completed': true,
  'pharmacy.prescription.held': true,
  'pharmacy.prescription.resumed': true,
  'pharmacy.medication.dispensed': true,
  'pharmacy.medication.created': true,
  'pharmacy.medication.restocked': true,
  'pharmacy.stock.low': true,
  'pharmacy.phi.read': true,
  'lab.order.placed': true,
  'lab.order.cancelled': true,
  'lab.specimen.collected': true,
  'lab.result.recorded': true,
  'lab.phi.read': true,
  'billing.invoice.drafted': true,
  'billing.invoice.issued': true,
  'billing.invoice.paid': true,
  'billing.invoice.voided': true,
  'billing.claim.submitted': true,
  'billing.claim.adjudicated': true,
  'billing.claim.paid': true,
  'billing.payment.recorded': true,
  'billing.coverage.added': true,
  'billing.coverage.deactivated': true,
  'notifications.notification.created': true,
};
export const EVENT_TYPES = Object.keys(EVERY_TYPE) as EventType[];

export const isPhiContext = (context: string): context is PhiContext => (PHI_CONTEXTS as readonly string[]).includes(context);
export const isPhiReadEvent = (type: string): type is PhiReadEventType => type.endsWith('.phi.read') && isPhiContext(type.slice(0, -'.phi.read'.length));
