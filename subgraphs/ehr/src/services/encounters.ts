/** Encounters: a care-team doctor starts a visit (optionally of an appointment) and finishes it, announcing both. */
import { randomUUID } from 'node:crypto';
import type { KnownPatients, PatientAccess } from '@caregraph/access';
import { isUniqueViolation } from '@caregraph/db';
import { conflict, notFound } from '@caregraph/errors';
import { recordEvent, type ContextEvents, type EncounterFacts } from '@caregraph/events';
import { optionalId, requireId, requireName } from '@caregraph/validation';
import type { Encounter, PrismaClient } from '../generated/prisma/client';
import { CLINICAL_READ, CLINICAL_WRITE } from './capabilities';
import { assertTransition, ENCOUNTER_TRANSITIONS } from './lifecycles';
import { readable, writerOf } from './versions';

export type StartEncounterInput = { patientId: string; appointmentId?: string | null; reason: string };

/** How long a command waits for a patient it has not heard of yet (see KnownPatients.find). */
const ANNOUNCEMENT_WAIT_MS = 2_000;

export class EncounterService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
    private readonly knownPatients: KnownPatients,
  ) {}

  /** One encounter: null when there is none, FORBIDDEN when it is not the viewer's to read. */
  async get(access: PatientAccess, id: string) {
    return readable(access, CLINICAL_READ, await this.prisma.encounter.findUnique({ where: { id: requireId(id) } }));
  }

  /**
   * Starts a visit; its practitioner is the signed-in doctor. An appointment id is checked for form only (scheduling's
   * data is not ehr's to read) and may belong to at most one open encounter, which the database enforces.
   */
  async start(access: PatientAccess, input: StartEncounterInput) {
    const patientId = requireId(input.patientId, 'patientId');
    await access.assert(CLINICAL_WRITE, patientId);
    const practitionerId = writerOf(access);
    const appointmentId = optionalId(input.appointmentId, 'appointmentId');
    const reason = requireName(input.reason, 'reason', 500);
    const patient = await this.knownPatients.find(patientId, { waitMs: ANNOUNCEMENT_WAIT_MS });
    if (!patient) throw notFound('Patient', patientId);
    if (!patient.active) throw conflict('The patient is deactivated: no new encounters.');
    try {
      return await this.events.transaction(async (tx) => {
        const encounter = await tx.encounter.create({ data: { id: randomUUID(), patientId, practitionerId, appointmentId, reason, startAt: new Date() } });
        await recordEvent(tx, 'ehr.encounter.started', encounter.id, facts(encounter));
        return encounter;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`Appointment ${appointmentId} already has an open encounter: finish that one first.`);
      throw error;
    }
  }

  /** Finishes an IN_PROGRESS encounter; scheduling fulfils a linked appointment when it hears `ehr.encounter.finished`. */
  async finish(access: PatientAccess, id: string) {
    const existing = await this.prisma.encounter.findUnique({ where: { id: requireId(id) } });
    if (!existing) throw notFound('Encounter', id);
    await access.assert(CLINICAL_WRITE, existing.patientId);
    return this.events.transaction(async (tx) => {
      // Read again inside the transaction and move only from the state read, so two finishes cannot both succeed.
      const current = (await tx.encounter.findUnique({ where: { id: existing.id } }))!;
      assertTransition(ENCOUNTER_TRANSITIONS, 'encounter', current.status, 'FINISHED');
      const moved = await tx.encounter.updateMany({
        where: { id: current.id, status: current.status },
        data: { status: 'FINISHED', endAt: new Date(), finishedBy: writerOf(access) },
      });
      if (moved.count === 0) throw conflict('This encounter was finished at the same moment by someone else.');
      const finished = (await tx.encounter.findUnique({ where: { id: current.id } }))!;
      await recordEvent(tx, 'ehr.encounter.finished', finished.id, facts(finished));
      return finished;
    });
  }
}

const facts = (e: Encounter): EncounterFacts => ({
  encounterId: e.id,
  patientId: e.patientId,
  practitionerId: e.practitionerId,
  appointmentId: e.appointmentId,
  start: e.startAt.toISOString(),
  end: e.endAt?.toISOString() ?? null,
});
