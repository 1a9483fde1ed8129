/**
 * Who may call each root operation of the supergraph: the role matrix of docs/api.md, in one place. The gateway evaluates
 * it before planning; every subgraph merges it into its own shield, where ownership rules are added. Deny by default:
 * a root field not listed here is refused everywhere.
 */
import type { IRules } from 'graphql-shield';
import { deny, hasRole, isAuthenticated, isPublic } from './rules';

export const operationRules = {
  Query: {
    '*': deny,
    // identity
    me: isAuthenticated,
    users: hasRole('ADMIN'),
    // patients (which patients each role sees is decided by the patients subgraph)
    patient: hasRole('ADMIN', 'DOCTOR', 'NURSE', 'PATIENT', 'BILLING_CLERK'),
    patients: hasRole('ADMIN', 'DOCTOR', 'NURSE', 'PATIENT', 'BILLING_CLERK'),
    // care-team: the directory of practitioners and organizations is readable by every role
    practitioner: isAuthenticated,
    practitioners: isAuthenticated,
    organization: isAuthenticated,
    organizations: isAuthenticated,
    // scheduling (which appointments each role sees is decided by the scheduling subgraph)
    appointment: hasRole('ADMIN', 'DOCTOR', 'NURSE', 'PATIENT'),
    appointments: hasRole('ADMIN', 'DOCTOR', 'NURSE', 'PATIENT'),
    // ehr: the clinical record is never ADMIN's or BILLING_CLERK's (whose records: the ehr subgraph decides)
    encounter: hasRole('DOCTOR', 'NURSE', 'PATIENT'),
    condition: hasRole('DOCTOR', 'NURSE', 'PATIENT'),
    allergyIntolerance: hasRole('DOCTOR', 'NURSE', 'PATIENT'),
    observation: hasRole('DOCTOR', 'NURSE', 'PATIENT'),
    clinicalNote: hasRole('DOCTOR', 'NURSE', 'PATIENT'),
    // pharmacy: the catalogue for whoever reads prescriptions, and ADMIN (whose prescriptions: the pharmacy subgraph decides)
    medications: hasRole('ADMIN', 'DOCTOR', 'NURSE', 'PATIENT', 'PHARMACIST'),
    medication: hasRole('ADMIN', 'DOCTOR', 'NURSE', 'PATIENT', 'PHARMACIST'),
    prescription: hasRole('DOCTOR', 'NURSE', 'PATIENT', 'PHARMACIST'),
    pendingPrescriptions: hasRole('DOCTOR', 'NURSE', 'PATIENT', 'PHARMACIST'),

    // lab: the catalogue is everyone's; whose orders each role sees is decided by the lab subgraph
    labTests: isAuthenticated,
    labOrder: hasRole('DOCTOR', 'NURSE', 'PATIENT', 'LAB_TECHNICIAN'),
    labOrders: hasRole('DOCTOR', 'NURSE', 'PATIENT', 'LAB_TECHNICIAN'),
    // billing: invoices, payments and coverage are read by ADMIN and BILLING_CLERK (all) and the PATIENT (own); claims
    // by BILLING_CLERK, the PATIENT (own) and insurers (their organization's): the billing subgraph decides which
    feeSchedule: hasRole('ADMIN', 'BILLING_CLERK', 'PATIENT'),
    invoice: hasRole('ADMIN', 'BILLING_CLERK', 'PATIENT'),
    invoices: hasRole('ADMIN', 'BILLING_CLERK', 'PATIENT'),
    claim: hasRole('BILLING_CLERK', 'PATIENT', 'INSURANCE_PROVIDER'),
    claims: hasRole('BILLING_CLERK', 'PATIENT', 'INSURANCE_PROVIDER'),

    // notifications: every signed-in user has an inbox; the notifications subgraph shows each only its own
    notifications: isAuthenticated,
    unreadCount: isAuthenticated,
    notification: isAuthenticated,
    notificationsSince: isAuthenticated,
    // audit: the trail and its verification are ADMIN's (a patient reads their own accesses through Patient.accessLog)
    auditEvents: hasRole('ADMIN'),
    verifyAuditChain: hasRole('ADMIN'),
  },
  Mutation: {
    '*': deny,
    // identity
    register: isPublic,
    login: isPublic,
    refreshSession: isPublic,
    logout: isAuthenticated,
    createUser: hasRole('ADMIN'),
    // patients
    createPatient: hasRole('ADMIN'),
    updatePatient: hasRole('ADMIN', 'NURSE', 'PATIENT'),
    deactivatePatient: hasRole('ADMIN'),
    // care-team
    createPractitioner: hasRole('ADMIN'),
    createOrganization: hasRole('ADMIN'),
    assignCareTeamMember: hasRole('ADMIN'),
    removeCareTeamMember: hasRole('ADMIN'),
    // scheduling (whose patients and appointments each role may touch is decided by the scheduling subgraph)
    setAvailability: hasRole('ADMIN', 'DOCTOR'),
    bookAppointment: hasRole('ADMIN', 'DOCTOR', 'NURSE', 'PATIENT'),
    rescheduleAppointment: hasRole('ADMIN', 'DOCTOR', 'NURSE', 'PATIENT'),
    cancelAppointment: hasRole('ADMIN', 'DOCTOR', 'NURSE', 'PATIENT'),
    checkInAppointment: hasRole('DOCTOR', 'NURSE'),
    completeAppointment: hasRole('DOCTOR', 'NURSE'),
    markNoShow: hasRole('DOCTOR', 'NURSE'),
    // ehr: doctors write the record; nurses vitals and notes (which observations: the ehr subgraph decides)
    startEncounter: hasRole('DOCTOR'),
    finishEncounter: hasRole('DOCTOR'),
    recordCondition: hasRole('DOCTOR'),
    correctCondition: hasRole('DOCTOR'),
    resolveCondition: hasRole('DOCTOR'),
    markConditionEnteredInError: hasRole('DOCTOR'),
    recordAllergy: hasRole('DOCTOR'),
    correctAllergy: hasRole('DOCTOR'),
    markAllergyEnteredInError: hasRole('DOCTOR'),
    recordObservation: hasRole('DOCTOR', 'NURSE'),
    correctObservation: hasRole('DOCTOR', 'NURSE'),
    markObservationEnteredInError: hasRole('DOCTOR', 'NURSE'),
    addClinicalNote: hasRole('DOCTOR', 'NURSE'),
    amendClinicalNote: hasRole('DOCTOR', 'NURSE'),
    markClinicalNoteEnteredInError: hasRole('DOCTOR', 'NURSE'),
    // pharmacy: doctors prescribe for their care team; pharmacists keep the stock and dispense for every patient
    prescribe: hasRole('DOCTOR'),
    cancelPrescription: hasRole('DOCTOR'),
    holdPrescription: hasRole('DOCTOR'),
    resumePrescription: hasRole('DOCTOR'),
    dispense: hasRole('PHARMACIST'),
    restockMedication: hasRole('PHARMACIST'),
    createMedication: hasRole('PHARMACIST'),

    // lab: doctors order (for their care team) and cancel; technicians collect, result, correct and cancel
    defineLabTest: hasRole('ADMIN'),
    orderLabTest: hasRole('DOCTOR'),
    collectSpecimen: hasRole('LAB_TECHNICIAN'),
    recordLabResult: hasRole('LAB_TECHNICIAN'),
    correctLabResult: hasRole('LAB_TECHNICIAN'),
    cancelLabOrder: hasRole('DOCTOR', 'LAB_TECHNICIAN'),
    // billing: the BILLING_CLERK writes; only the claim's insurer adjudicates it (the billing subgraph checks which)
    setFeeScheduleItem: hasRole('BILLING_CLERK'),
    addInvoiceLine: hasRole('BILLING_CLERK'),
    issueInvoice: hasRole('BILLING_CLERK'),
    recordPayment: hasRole('BILLING_CLERK'),
    voidInvoice: hasRole('BILLING_CLERK'),
    addCoverage: hasRole('BILLING_CLERK'),
    deactivateCoverage: hasRole('BILLING_CLERK'),
    submitClaim: hasRole('BILLING_CLERK'),
    markClaimPaid: hasRole('BILLING_CLERK'),
    adjudicateClaim: hasRole('INSURANCE_PROVIDER'),

    // notifications: each user marks only their own (the notifications subgraph checks whose)
    markNotificationRead: isAuthenticated,
    markAllNotificationsRead: isAuthenticated,
  },
  // Served by the gateway (docs/subscriptions.md); each event's payload is then read with the subscriber's own
  // credentials, so the owning subgraphs decide per subscriber and per event what is delivered.
  Subscription: {
    '*': deny,
    notificationReceived: isAuthenticated,
    // which patient's or practitioner's appointments each viewer may follow is checked at subscribe time
    appointmentChanged: hasRole('ADMIN', 'DOCTOR', 'NURSE', 'PATIENT'),
    labResultReady: hasRole('DOCTOR', 'PATIENT'),
    stockLow: hasRole('PHARMACIST', 'ADMIN'),
  },
} satisfies IRules;
