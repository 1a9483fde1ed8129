/** Conditions (ICD-10-CM diagnoses): recorded, corrected, resolved or entered in error, each change a new version. */
import type { PatientAccess } from '@caregraph/access';
import { recordEvent, type ContextEvents } from '@caregraph/events';
import { requireId } from '@caregraph/validation';
import type { ClinicalStatus, Condition, Prisma, PrismaClient } from '../generated/prisma/client';
import { conditionCode } from '../codes/codes';
import { CLINICAL_READ, CLINICAL_WRITE } from './capabilities';
import { assertTransition, clinicalState, CLINICAL_STATUS_TRANSITIONS, type ClinicalState } from './lifecycles';
import { currentVersionFor, encounterOf, firstVersion, nextVersion, readable, supersede, WITH_SUCCESSOR, type VersionRow, writerOf } from './versions';
import { onsetDate } from './dates';

export type RecordConditionInput = {
  patientId: string;
  code: string;
  display?: string | null;
  clinicalStatus?: ClinicalStatus | null;
  onsetDate?: string | null;
  encounterId?: string | null;
};
export type CorrectConditionInput = { code?: string | null; display?: string | null; clinicalStatus?: ClinicalStatus | null; onsetDate?: string | null; reason: string };
type Tx = Prisma.TransactionClient;
type ConditionRow = Condition & Pick<VersionRow, 'supersededBy'>;

export class ConditionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
  ) {}

  /** One version: null when there is none, FORBIDDEN when it is not the viewer's to read. */
  async get(access: PatientAccess, id: string) {
    return readable(access, CLINICAL_READ, await this.find(requireId(id)));
  }

  async record(access: PatientAccess, input: RecordConditionInput) {
    const patientId = requireId(input.patientId, 'patientId');
    await access.assert(CLINICAL_WRITE, patientId);
    const { code, display } = conditionCode(input);
    const encounterId = await encounterOf(this.prisma, patientId, input.encounterId);
    const data = { ...firstVersion(), patientId, encounterId, code, display, clinicalStatus: input.clinicalStatus ?? 'ACTIVE', onsetDate: onsetDate(input.onsetDate), recorderId: writerOf(access) };
    return this.events.transaction((tx) => this.write(tx, data));
  }

  /** A new version with the given fields changed; `reason` says why. */
  async correct(access: PatientAccess, id: string, input: CorrectConditionInput) {
    const current = await currentVersionFor(access, 'condition', id, (i) => this.find(i), CLINICAL_WRITE);
    const coded = input.code || input.display ? conditionCode({ code: input.code ?? current.code, display: input.display ?? (input.code ? null : current.display) }) : current;
    const clinicalStatus = input.clinicalStatus ?? current.clinicalStatus;
    assertTransition(CLINICAL_STATUS_TRANSITIONS, 'condition', clinicalState(current), clinicalStatus);
    return this.supersede(access, current, input.reason, {
      code: coded.code,
      display: coded.display,
      clinicalStatus,
      onsetDate: input.onsetDate !== undefined ? onsetDate(input.onsetDate) : current.onsetDate,
    });
  }

  async resolve(access: PatientAccess, id: string) {
    const current = await currentVersionFor(access, 'condition', id, (i) => this.find(i), CLINICAL_WRITE);
    assertTransition(CLINICAL_STATUS_TRANSITIONS, 'condition', clinicalState(current), 'RESOLVED');
    return this.supersede(access, current, 'Resolved', { clinicalStatus: 'RESOLVED' });
  }

  async markEnteredInError(access: PatientAccess, id: string, reason: string) {
    const current = await currentVersionFor(access, 'condition', id, (i) => this.find(i), CLINICAL_WRITE);
    assertTransition<ClinicalState>(CLINICAL_STATUS_TRANSITIONS, 'condition', clinicalState(current), 'ENTERED_IN_ERROR');
    return this.supersede(access, current, reason, { verificationStatus: 'ENTERED_IN_ERROR' });
  }

  private find(id: string): Promise<ConditionRow | null> {
    return this.prisma.condition.findUnique({ where: { id }, include: WITH_SUCCESSOR });
  }

  private supersede(access: PatientAccess, current: ConditionRow, reason: string, changes: Partial<Prisma.ConditionUncheckedCreateInput>) {
    const { supersededBy: _successor, id: _id, recordedAt: _at, changeReason: _reason, ...kept } = current;
    const data = { ...kept, ...changes, ...nextVersion(current, reason), recorderId: writerOf(access) };
    return supersede('condition', () => this.events.transaction((tx) => this.write(tx, data)));
  }

  private async write(tx: Tx, data: Prisma.ConditionUncheckedCreateInput) {
    const condition = await tx.condition.create({ data, include: WITH_SUCCESSOR });
    await recordEvent(tx, 'ehr.condition.recorded', condition.id, {
      conditionId: condition.id,
      patientId: condition.patientId,
      code: condition.code,
      display: condition.display,
      clinicalStatus: condition.clinicalStatus,
      verificationStatus: condition.verificationStatus,
      version: condition.version,
      supersedes: condition.supersedesId,
      lineageId: condition.lineageId,
    });
    return condition;
  }
}
