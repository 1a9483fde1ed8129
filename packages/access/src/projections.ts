/**
 * Event-fed projections that every patient-facing context keeps in its own database, so it can decide from its own
 * data (never another context's tables) who cares for a patient and whether a patient exists. A context adds one in
 * a few lines: the model from prisma/fragments in its schema, the consumer in its consumers, the reader where needed.
 */
import { consumer } from '@caregraph/events';
import type { CareTeamPair, CareTeamSource, PatientRelation, PatientRelationKind, PatientRelationSource } from './patients';

/** The `CareTeamAccess` model (prisma/fragments/care-team-access.prisma), as the shared code uses it. */
export type CareTeamAccessTable = {
  careTeamAccess: {
    findMany(args: { where: { patientId: { in: string[] } }; select: { patientId: true; practitionerId: true } }): Promise<CareTeamPair[]>;
    createMany(args: { data: CareTeamPair[]; skipDuplicates: true }): Promise<unknown>;
    deleteMany(args: { where: CareTeamPair }): Promise<unknown>;
  };
};
type PatientsOfPractitioner = {
  careTeamAccess: { findMany(args: { where: { practitionerId: string }; select: { patientId: true } }): Promise<{ patientId: string }[]> };
};

/** Care-team membership as `context` knows it: a consumer of care-team's events and a `CareTeamSource` over the result. */
export function careTeamProjection(prisma: CareTeamAccessTable & PatientsOfPractitioner, context: string) {
  return {
    consumer: consumer({
      group: `${context}.care-team-access`,
      types: ['care-team.member.assigned', 'care-team.member.removed'],
      apply: async (tx: CareTeamAccessTable, event) => {
        const { patientId, practitionerId } = event.payload;
        if (event.type === 'care-team.member.assigned') await tx.careTeamAccess.createMany({ data: [{ patientId, practitionerId }], skipDuplicates: true });
        else await tx.careTeamAccess.deleteMany({ where: { patientId, practitionerId } });
      },
    }),
    source: {
      membersOf: (patientIds) => prisma.careTeamAccess.findMany({ where: { patientId: { in: [...patientIds] } }, select: { patientId: true, practitionerId: true } }),
      patientsOf: async (practitionerId) =>
        (await prisma.careTeamAccess.findMany({ where: { practitionerId }, select: { patientId: true } })).map((row) => row.patientId),
    } satisfies CareTeamSource,
  };
}

/**
 * Waits until `source` records `practitionerId` on `patientId`'s care team, as a demo clinician's seeding must: a
 * clinician may write only once care-team's assignment has reached the writing context, as for anyone.
 */
export async function waitForCareTeamMember(source: CareTeamSource, patientId: string, practitionerId: string, { waitMs = 60_000, context = 'this context' } = {}) {
  const deadline = Date.now() + waitMs;
  while (!(await source.membersOf([patientId])).some((pair) => pair.practitionerId === practitionerId)) {
    if (Date.now() > deadline) throw new Error(`The demo care team of ${patientId} did not reach ${context} within ${waitMs / 1000} s: is the care-team context running?`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Reads a projection row until it is there or `waitMs` has passed (backing off from 10 to 200 ms), then returns it or
 * null: an id announced a moment ago may still be on its way to this context.
 */
export async function untilFound<Row>(read: () => Promise<Row | null>, waitMs: number): Promise<Row | null> {
  const deadline = Date.now() + waitMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    const row = await read();
    if (row || Date.now() >= deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, deadline - Date.now())));
  }
}

/** The `KnownPatient` model (prisma/fragments/known-patient.prisma), as the shared code uses it. */
export type KnownPatientTable = {
  knownPatient: {
    findUnique(args: { where: { id: string } }): Promise<{ id: string; active: boolean } | null>;
    upsert(args: { where: { id: string }; create: { id: string; active: boolean }; update: { active?: boolean } }): Promise<unknown>;
  };
};

/**
 * Which patients exist and are active, as `context` knows them. A registration is known from identity's event
 * directly (the patient id is assigned there), one hop earlier than the patients context's own announcement.
 */
export type KnownPatients = ReturnType<typeof knownPatientsProjection>;

export function knownPatientsProjection(prisma: KnownPatientTable, context: string) {
  return {
    consumer: consumer({
      group: `${context}.known-patients`,
      types: ['identity.user.registered', 'patients.patient.registered', 'patients.patient.updated', 'patients.patient.deactivated'],
      apply: async (tx: KnownPatientTable, event) => {
        const { patientId } = event.payload;
        const active = event.type === 'patients.patient.deactivated' ? false : 'active' in event.payload ? event.payload.active : true;
        // Streams of different event types are not ordered with each other, and a deactivation is final: never undo it.
        await tx.knownPatient.upsert({ where: { id: patientId }, create: { id: patientId, active }, update: active ? {} : { active: false } });
      },
    }),
    /**
     * The patient as this context knows it, or null for an id it never heard of. An unknown id may be a patient who
     * registered a moment ago and whose announcement is still on its way, so a command that names one (assigning a
     * care team right after registration) passes `waitMs` to give the announcement that long to arrive.
     */
    async find(patientId: string, { waitMs = 0 } = {}) {
      return untilFound(() => prisma.knownPatient.findUnique({ where: { id: patientId } }), waitMs);
    },
  };
}

/** The `KnownPractitioner` model (prisma/fragments/known-practitioner.prisma), as the shared code uses it. */
export type KnownPractitionerTable = {
  knownPractitioner: {
    findUnique(args: { where: { id: string } }): Promise<{ id: string; role: string } | null>;
    upsert(args: { where: { id: string }; create: { id: string; role: string }; update: { role: string } }): Promise<unknown>;
  };
};

export type KnownPractitioners = ReturnType<typeof knownPractitionersProjection>;

/** Which practitioners exist and of which role, as `context` knows them from care-team's announcements. */
export function knownPractitionersProjection(prisma: KnownPractitionerTable, context: string) {
  return {
    consumer: consumer({
      group: `${context}.known-practitioners`,
      types: ['care-team.practitioner.created'],
      apply: async (tx: KnownPractitionerTable, event) => {
        const { practitionerId, role } = event.payload;
        await tx.knownPractitioner.upsert({ where: { id: practitionerId }, create: { id: practitionerId, role }, update: { role } });
      },
    }),
    /** The practitioner, or null; `waitMs` gives one created a moment ago time to be announced (as KnownPatients.find). */
    async find(practitionerId: string, { waitMs = 0 } = {}) {
      return untilFound(() => prisma.knownPractitioner.findUnique({ where: { id: practitionerId } }), waitMs);
    },
  };
}

/** The `PatientRelation` model (prisma/fragments/patient-relation.prisma), as the shared code uses it. */
type RelationRow = { patientId: string; kind: string; partyId: string };
export type PatientRelationTable = {
  patientRelation: {
    findMany(args: { where: { patientId: { in: string[] } }; select: { patientId: true; kind: true; partyId: true } }): Promise<RelationRow[]>;
    createMany(args: { data: RelationRow[]; skipDuplicates: true }): Promise<unknown>;
  };
};

/**
 * The facts that open part of a patient's record to other roles, as `context` knows them: a prescription (pharmacists
 * then read the name, birth date and allergies), a lab order (lab technicians read name and birth date), a claim
 * (its insurer's users read the name). A fact is kept once it happened: a pharmacist still needs the name on a
 * completed prescription's dispenses.
 */
export function patientRelationsProjection(prisma: PatientRelationTable, context: string) {
  const fact = (patientId: string, kind: PatientRelationKind, partyId = ''): RelationRow => ({ patientId, kind, partyId });
  return {
    consumer: consumer({
      group: `${context}.patient-relations`,
      types: ['pharmacy.prescription.created', 'lab.order.placed', 'billing.claim.submitted'],
      apply: async (tx: PatientRelationTable, event) => {
        const row =
          event.type === 'pharmacy.prescription.created'
            ? fact(event.payload.patientId, 'prescription')
            : event.type === 'lab.order.placed'
              ? fact(event.payload.patientId, 'labOrder')
              : fact(event.payload.patientId, 'claim', event.payload.insurerId);
        await tx.patientRelation.createMany({ data: [row], skipDuplicates: true });
      },
    }),
    source: {
      relationsOf: async (patientIds) =>
        (await prisma.patientRelation.findMany({ where: { patientId: { in: [...patientIds] } }, select: { patientId: true, kind: true, partyId: true } })).map(
          (row): PatientRelation => ({ patientId: row.patientId, kind: row.kind as PatientRelationKind, partyId: row.partyId || null }),
        ),
    } satisfies PatientRelationSource,
  };
}
