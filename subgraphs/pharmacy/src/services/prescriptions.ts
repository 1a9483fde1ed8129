/**
 * Prescriptions and their dispenses: who may prescribe, hold, cancel and dispense, the allergy check, the lifecycle,
 * and the rule that nothing is dispensed past what was prescribed or past the stock, decided by the database.
 */
import { randomUUID } from 'node:crypto';
import { assertRole, type KnownPatients, type PatientAccess } from '@caregraph/access';
import { paginate, type PageArgs } from '@caregraph/db';
import { badUserInput, conflict, forbidden, notFound, unauthenticated } from '@caregraph/errors';
import { recordEvent, type ContextEvents, type PrescriptionFacts } from '@caregraph/events';
import { optionalText, requireCount, requireId, requireName } from '@caregraph/validation';
import type { Prescription, PrescriptionStatus, Prisma, PrismaClient } from '../generated/prisma/client';
import type { AllergyService } from './allergies';
import { assertTransition, DISPENSABLE, refillsRemaining, remainingQuantity, totalQuantity } from './lifecycle';
import { MAX_UNITS, type MedicationService } from './medications';
import { PHARMACY_STAFF } from './roles';

export type PrescribeInput = {
  patientId: string;
  medicationId: string;
  quantity: number;
  refills?: number | null;
  dosageInstructions: string;
  allergyOverrideReason?: string | null;
};

type Tx = Prisma.TransactionClient;
/** A year of monthly refills at most. */
const MAX_REFILLS = 12;
/** How long prescribing waits for a patient registered a moment ago to be announced (see KnownPatients.find). */
const ANNOUNCEMENT_WAIT_MS = 2_000;

const facts = (p: Prescription & { medication: { code: string; name: string } }): PrescriptionFacts => ({
  prescriptionId: p.id,
  patientId: p.patientId,
  prescriberId: p.prescriberId,
  medicationId: p.medicationId,
  medicationCode: p.medication.code,
  medicationName: p.medication.name,
  quantity: p.quantity,
  refillsRemaining: refillsRemaining(p),
  status: p.status,
});
const WITH_MEDICATION = { medication: { select: { code: true, name: true } } } as const;

export class PrescriptionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
    private readonly medications: MedicationService,
    private readonly allergies: AllergyService,
    private readonly knownPatients: KnownPatients,
  ) {}

  /** One prescription: null when there is none, FORBIDDEN when it is not the viewer's to read. */
  async get(access: PatientAccess, id: string) {
    if (!access.viewer) throw unauthenticated();
    const prescription = await this.prisma.prescription.findUnique({ where: { id: requireId(id) } });
    if (prescription) await access.assert('prescriptions:read', prescription.patientId);
    return prescription;
  }

  /** The worklist: ACTIVE prescriptions the viewer may read, oldest first (ACTIVE always has something left). */
  async pending(access: PatientAccess, args: PageArgs) {
    if (!access.viewer) throw unauthenticated();
    const scope = await access.scope('prescriptions:read');
    const where: Prisma.PrescriptionWhereInput = { status: DISPENSABLE, ...(scope.all ? {} : { patientId: { in: scope.patientIds } }) };
    return paginate(
      args,
      (slice) => this.prisma.prescription.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], ...slice }),
      () => this.prisma.prescription.count({ where }),
    );
  }

  /** A patient's prescriptions, newest first (`load` batches many patients into one query). */
  async ofPatient(access: PatientAccess, patientId: string, status: PrescriptionStatus | null | undefined, load: (patientId: string) => Promise<Prescription[]>) {
    await access.assert('prescriptions:read', patientId);
    const all = await load(patientId);
    return status ? all.filter((p) => p.status === status) : all;
  }

  /**
   * A care-team doctor prescribes for a known, active patient. A medication containing a substance the patient has a
   * recorded ACTIVE allergy to is CONFLICT unless the doctor gives `allergyOverrideReason`, which stays on the record
   * with the matched substances. `id` is fixed only by demo seeding.
   */
  async prescribe(access: PatientAccess, input: PrescribeInput, id: string = randomUUID()) {
    const patientId = requireId(input.patientId, 'patientId');
    await access.assert('prescriptions:write', patientId);
    const prescriberId = access.viewer?.practitionerId;
    if (!prescriberId) throw forbidden('Only a doctor linked to a practitioner record may prescribe.');
    const medicationId = requireId(input.medicationId, 'medicationId');
    const quantity = requireCount(input.quantity, 'quantity', { max: MAX_UNITS });
    const refills = requireCount(input.refills ?? 0, 'refills', { min: 0, max: MAX_REFILLS });
    if (quantity * (1 + refills) > MAX_UNITS) throw badUserInput(`quantity × (1 + refills) must be at most ${MAX_UNITS} units.`, 'refills');
    const dosageInstructions = requireName(input.dosageInstructions, 'dosageInstructions', 1000, { multiline: true });
    const overrideReason = optionalText(input.allergyOverrideReason, 'allergyOverrideReason', 500);
    const patient = await this.knownPatients.find(patientId, { waitMs: ANNOUNCEMENT_WAIT_MS });
    if (!patient) throw notFound('Patient', patientId);
    if (!patient.active) throw conflict('The patient is deactivated: a deactivated patient cannot get a prescription.');
    const medication = await this.prisma.medication.findUnique({ where: { id: medicationId } });
    if (!medication) throw notFound('Medication', medicationId);
    const matched = await this.allergies.matching(patientId, medication.ingredients);
    if (matched.length && !overrideReason)
      throw conflict(
        `The patient has a recorded allergy to ${matched.join(', ')}, which ${medication.name} contains: choose another medication, ` +
          'or prescribe it anyway with allergyOverrideReason saying why.',
      );
    return this.events.transaction(async (tx) => {
      const prescription = await tx.prescription.create({
        data: {
          id,
          patientId,
          prescriberId,
          medicationId,
          quantity,
          refills,
          dosageInstructions,
          allergyOverrideReason: matched.length ? overrideReason : null,
          overriddenAllergies: matched,
        },
        include: WITH_MEDICATION,
      });
      await recordEvent(tx, 'pharmacy.prescription.created', prescription.id, facts(prescription));
      return prescription;
    });
  }

  /**
   * A pharmacist dispenses one fill, at most `quantity` units, of an ACTIVE prescription. Two conditional UPDATEs in
   * one transaction decide it, so concurrent dispenses can neither over-dispense the prescription nor drive the stock
   * below zero: the prescription's counts the units only while they fit in quantity × (1 + refills) and completes it
   * when the last ones go; the medication's takes them only while they are in stock. Either failing is CONFLICT and
   * rolls back both.
   */
  async dispense(access: PatientAccess, prescriptionId: string, quantity: number) {
    assertRole(access.viewer, ...PHARMACY_STAFF);
    const id = requireId(prescriptionId, 'prescriptionId');
    const units = requireCount(quantity, 'quantity', { max: MAX_UNITS });
    const prescription = await this.prisma.prescription.findUnique({ where: { id } });
    if (!prescription) throw notFound('Prescription', id);
    if (units > prescription.quantity) throw badUserInput(`One fill of this prescription is at most ${prescription.quantity} units.`, 'quantity');
    const dispenserId = access.viewer.practitionerId ?? null;
    return this.events.transaction(async (tx) => {
      const counted = await tx.$executeRaw`
        UPDATE prescriptions
           SET dispensed_quantity = dispensed_quantity + ${units},
               status = CASE WHEN dispensed_quantity + ${units} = quantity * (1 + refills) THEN 'COMPLETED'::"PrescriptionStatus" ELSE status END,
               updated_at = now()
         WHERE id = ${id}::uuid AND status = 'ACTIVE' AND dispensed_quantity + ${units} <= quantity * (1 + refills)`;
      if (counted === 0) throw await this.notDispensable(tx, id, units);
      const medication = await this.medications.take(tx, prescription.medicationId, units);
      const dispensed = await tx.medicationDispense.create({
        data: { id: randomUUID(), prescriptionId: id, medicationId: medication.id, patientId: prescription.patientId, quantity: units, dispenserId },
      });
      const after = (await tx.prescription.findUnique({ where: { id }, include: WITH_MEDICATION }))!;
      await recordEvent(tx, 'pharmacy.medication.dispensed', dispensed.id, {
        dispenseId: dispensed.id,
        prescriptionId: id,
        patientId: after.patientId,
        medicationId: medication.id,
        medicationName: medication.name,
        quantity: units,
        stockOnHand: medication.stockOnHand,
      });
      if (after.status === 'COMPLETED') await recordEvent(tx, 'pharmacy.prescription.completed', id, facts(after));
      return dispensed;
    });
  }

  async cancel(access: PatientAccess, id: string, reason: string) {
    return this.change(access, id, 'CANCELLED', () => ({ cancellationReason: requireName(reason, 'reason', 500) }), (tx, p) =>
      recordEvent(tx, 'pharmacy.prescription.cancelled', p.id, { ...facts(p), reason: p.cancellationReason! }),
    );
  }

  async hold(access: PatientAccess, id: string, reason: string) {
    return this.change(access, id, 'ON_HOLD', () => ({ holdReason: requireName(reason, 'reason', 500) }), (tx, p) =>
      recordEvent(tx, 'pharmacy.prescription.held', p.id, { ...facts(p), reason: p.holdReason! }),
    );
  }

  async resume(access: PatientAccess, id: string) {
    return this.change(access, id, 'ACTIVE', () => ({ holdReason: null }), (tx, p) => recordEvent(tx, 'pharmacy.prescription.resumed', p.id, facts(p)));
  }

  /**
   * One status change from the table by a care-team doctor, applied only if nobody changed the status meanwhile
   * (a conditional update), with its event in the same transaction.
   */
  private async change(
    access: PatientAccess,
    idInput: string,
    to: PrescriptionStatus,
    data: (current: Prescription) => Prisma.PrescriptionUpdateManyMutationInput,
    announce: (tx: Tx, changed: Prescription & { medication: { code: string; name: string } }) => Promise<unknown>,
  ) {
    if (!access.viewer) throw unauthenticated();
    const id = requireId(idInput);
    const current = await this.prisma.prescription.findUnique({ where: { id } });
    if (!current) throw notFound('Prescription', id);
    await access.assert('prescriptions:write', current.patientId);
    const changes = data(current);
    assertTransition(current.status, to);
    return this.events.transaction(async (tx) => {
      const moved = await tx.prescription.updateMany({ where: { id, status: current.status }, data: { ...changes, status: to, updatedAt: new Date() } });
      const now = (await tx.prescription.findUnique({ where: { id }, include: WITH_MEDICATION }))!;
      if (moved.count === 0) {
        // Lost a race with another change (or a dispense completed it): explain from the status it has now.
        assertTransition(now.status, to);
        throw conflict(`The prescription changed meanwhile (it is now ${now.status}): read it again and retry.`);
      }
      await announce(tx, now);
      return now;
    });
  }

  /** Why the dispensing UPDATE matched nothing, read inside the same transaction. */
  private async notDispensable(tx: Tx, id: string, units: number) {
    const now = (await tx.prescription.findUnique({ where: { id } }))!;
    if (now.status !== DISPENSABLE) return conflict(`The prescription is ${now.status}: only an ${DISPENSABLE} prescription is dispensed.`);
    return conflict(
      `Only ${remainingQuantity(now)} of the ${totalQuantity(now)} prescribed units are left to dispense: ${units} would dispense past what was prescribed.`,
    );
  }
}
