/** Coverage: a patient's insurance with an INSURER organization (as billing knows organizations from care-team's events). */
import { randomUUID } from 'node:crypto';
import type { KnownPatients, PatientAccess } from '@caregraph/access';
import { isUniqueViolation } from '@caregraph/db';
import { badUserInput, conflict, notFound, unauthenticated } from '@caregraph/errors';
import { recordEvent, type ContextEvents } from '@caregraph/events';
import { requireId, requireName } from '@caregraph/validation';
import type { Coverage, PrismaClient } from '../generated/prisma/client';
import type { KnownOrganizations } from '../projections';

export type AddCoverageInput = { patientId: string; insurerId: string; policyNumber: string };

/** How long a command waits for a patient or organization created a moment ago to be announced. */
const ANNOUNCEMENT_WAIT_MS = 2_000;
const POLICY_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 -]{1,39}$/;

const coverageFacts = (c: Coverage) => ({ coverageId: c.id, patientId: c.patientId, insurerId: c.insurerId, active: c.active });

export class CoverageService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
    private readonly knownPatients: KnownPatients,
    private readonly organizations: KnownOrganizations,
  ) {}

  /** A patient's coverages, newest first (`load` batches many patients into one query). */
  async ofPatient(access: PatientAccess, patientId: string, load: (patientId: string) => Promise<Coverage[]>) {
    await access.assert('billing:read', patientId);
    return load(patientId);
  }

  /** Adds an active coverage; the same policy with the same insurer twice is CONFLICT. `id` is fixed only by demo seeding. */
  async add(access: PatientAccess, input: AddCoverageInput, id: string = randomUUID()) {
    const patientId = requireId(input.patientId, 'patientId');
    await access.assert('billing:write', patientId);
    const insurerId = requireId(input.insurerId, 'insurerId');
    const policyNumber = requireName(input.policyNumber, 'policyNumber', 40);
    if (!POLICY_NUMBER.test(policyNumber)) throw badUserInput('policyNumber may contain letters, digits, spaces and dashes (2–40 characters).', 'policyNumber');
    const insurer = await this.organizations.find(insurerId, { waitMs: ANNOUNCEMENT_WAIT_MS });
    if (!insurer) throw notFound('Organization', insurerId);
    if (insurer.type !== 'INSURER') throw badUserInput(`Organization ${insurerId} is a ${insurer.type}, not an INSURER.`, 'insurerId');
    const patient = await this.knownPatients.find(patientId, { waitMs: ANNOUNCEMENT_WAIT_MS });
    if (!patient) throw notFound('Patient', patientId);
    if (!patient.active) throw conflict('The patient is deactivated: coverage cannot be added.');
    try {
      return await this.events.transaction(async (tx) => {
        const coverage = await tx.coverage.create({ data: { id, patientId, insurerId, policyNumber } });
        await recordEvent(tx, 'billing.coverage.added', coverage.id, coverageFacts(coverage));
        return coverage;
      });
    } catch (error) {
      throw isUniqueViolation(error) ? conflict(`The patient already has policy ${policyNumber} with this insurer.`) : error;
    }
  }

  /** Ends a coverage: it takes no new claims; claims already submitted go on. */
  async deactivate(access: PatientAccess, idInput: string) {
    if (!access.viewer) throw unauthenticated();
    const coverage = await this.prisma.coverage.findUnique({ where: { id: requireId(idInput) } });
    if (!coverage) throw notFound('Coverage', idInput);
    await access.assert('billing:write', coverage.patientId);
    if (!coverage.active) throw conflict('The coverage is already inactive.');
    return this.events.transaction(async (tx) => {
      const changed = await tx.coverage.updateMany({ where: { id: coverage.id, active: true }, data: { active: false } });
      if (changed.count === 0) throw conflict('The coverage is already inactive.');
      const ended = (await tx.coverage.findUnique({ where: { id: coverage.id } }))!;
      await recordEvent(tx, 'billing.coverage.deactivated', ended.id, coverageFacts(ended));
      return ended;
    });
  }
}
