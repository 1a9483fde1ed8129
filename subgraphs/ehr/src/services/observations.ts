/** Observations (LOINC, UCUM): vitals by nurses and doctors of the care team, laboratory values by doctors; corrections are new versions. */
import type { PatientAccess } from '@caregraph/access';
import { recordEvent, type ContextEvents, type EventPayload } from '@caregraph/events';
import { requireId } from '@caregraph/validation';
import type { Observation, ObservationCategory, Prisma, PrismaClient } from '../generated/prisma/client';
import { loincEntry, observationCoding, observationValue } from '../codes/codes';
import { CLINICAL_READ, OBSERVATION_WRITE } from './capabilities';
import { effectiveAt } from './dates';
import { currentVersionFor, encounterOf, firstVersion, nextVersion, readable, supersede, WITH_SUCCESSOR, type VersionRow, writerOf } from './versions';

export type RecordObservationInput = {
  patientId: string;
  code: string;
  display?: string | null;
  value: string;
  unit?: string | null;
  category: ObservationCategory;
  effectiveAt?: Date | string | null;
  encounterId?: string | null;
};
export type CorrectObservationInput = { value?: string | null; unit?: string | null; effectiveAt?: Date | string | null; reason: string };
type Tx = Prisma.TransactionClient;
type ObservationRow = Observation & Pick<VersionRow, 'supersededBy'>;

export class ObservationService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
  ) {}

  async get(access: PatientAccess, id: string) {
    return readable(access, CLINICAL_READ, await this.find(requireId(id)));
  }

  /** The capability depends on the category: a nurse may record VITAL_SIGNS only. */
  async record(access: PatientAccess, input: RecordObservationInput) {
    const patientId = requireId(input.patientId, 'patientId');
    await access.assert(OBSERVATION_WRITE[input.category], patientId);
    const coding = observationCoding(input);
    const encounterId = await encounterOf(this.prisma, patientId, input.encounterId);
    const data = { ...firstVersion(), patientId, encounterId, ...coding, effectiveAt: effectiveAt(input.effectiveAt), recorderId: writerOf(access) };
    return this.events.transaction((tx) => this.write(tx, data));
  }

  /** A new version with a corrected value, unit or time; the code and category stay (record a new observation instead). */
  async correct(access: PatientAccess, id: string, input: CorrectObservationInput) {
    const current = await currentVersionFor(access, 'observation', id, (i) => this.find(i), (row) => OBSERVATION_WRITE[row.category]);
    const measured = observationValue(
      { category: current.category, value: input.value ?? current.value, unit: input.unit !== undefined ? input.unit : current.unit },
      loincEntry(current.code)?.units,
    );
    return this.supersede(access, current, input.reason, { ...measured, effectiveAt: input.effectiveAt ? effectiveAt(input.effectiveAt) : current.effectiveAt });
  }

  async markEnteredInError(access: PatientAccess, id: string, reason: string) {
    const current = await currentVersionFor(access, 'observation', id, (i) => this.find(i), (row) => OBSERVATION_WRITE[row.category]);
    return this.supersede(access, current, reason, { verificationStatus: 'ENTERED_IN_ERROR' });
  }

  /**
   * `lab.result.recorded`: the result as a LABORATORY observation written by the lab technician. Each observation
   * version takes the lab result version's id, so a correction continues the same line and an event already applied
   * finds its version written. A line a clinician marked entered in error stays ended.
   */
  async recordFromLab(tx: Tx, result: EventPayload<'lab.result.recorded'>) {
    if (await tx.observation.findUnique({ where: { id: result.resultId } })) return;
    const current = await tx.observation.findFirst({ where: { lineageId: result.lineageId, supersededBy: { is: null } } });
    if (current?.verificationStatus === 'ENTERED_IN_ERROR') return;
    const identity = current
      ? { ...nextVersion(current, result.changeReason ?? 'Corrected by the laboratory'), id: result.resultId }
      : { id: result.lineageId, lineageId: result.lineageId, version: 1, supersedesId: null };
    await this.write(tx, {
      ...identity,
      patientId: result.patientId,
      code: result.testCode,
      display: result.testName.slice(0, 300),
      category: 'LABORATORY',
      value: result.value,
      unit: result.unit,
      effectiveAt: new Date(result.collectedAt),
      recorderId: result.performerId,
    });
  }

  private find(id: string): Promise<ObservationRow | null> {
    return this.prisma.observation.findUnique({ where: { id }, include: WITH_SUCCESSOR });
  }

  private supersede(access: PatientAccess, current: ObservationRow, reason: string, changes: Partial<Prisma.ObservationUncheckedCreateInput>) {
    const { supersededBy: _successor, id: _id, recordedAt: _at, changeReason: _reason, ...kept } = current;
    const data = { ...kept, ...changes, ...nextVersion(current, reason), recorderId: writerOf(access) };
    return supersede('observation', () => this.events.transaction((tx) => this.write(tx, data)));
  }

  private async write(tx: Tx, data: Prisma.ObservationUncheckedCreateInput) {
    const observation = await tx.observation.create({ data, include: WITH_SUCCESSOR });
    await recordEvent(tx, 'ehr.observation.recorded', observation.id, {
      observationId: observation.id,
      patientId: observation.patientId,
      code: observation.code,
      display: observation.display,
      value: observation.value,
      unit: observation.unit,
      category: observation.category,
      effectiveAt: observation.effectiveAt.toISOString(),
      verificationStatus: observation.verificationStatus,
      version: observation.version,
      supersedes: observation.supersedesId,
      lineageId: observation.lineageId,
    });
    return observation;
  }
}
