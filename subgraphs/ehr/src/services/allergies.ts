/** Allergies and intolerances: recorded, corrected or entered in error, each change a new version that pharmacy can follow. */
import type { PatientAccess } from '@caregraph/access';
import { recordEvent, type ContextEvents } from '@caregraph/events';
import { optionalText, requireId, requireName } from '@caregraph/validation';
import type { AllergyIntolerance, AllergySeverity, ClinicalStatus, Prisma, PrismaClient } from '../generated/prisma/client';
import { ALLERGIES_READ, CLINICAL_WRITE } from './capabilities';
import { assertTransition, clinicalState, CLINICAL_STATUS_TRANSITIONS, type ClinicalState } from './lifecycles';
import { currentVersionFor, firstVersion, nextVersion, readable, supersede, WITH_SUCCESSOR, type VersionRow, writerOf } from './versions';

export type RecordAllergyInput = { patientId: string; substance: string; reaction?: string | null; severity: AllergySeverity; clinicalStatus?: ClinicalStatus | null };
export type CorrectAllergyInput = { substance?: string | null; reaction?: string | null; severity?: AllergySeverity | null; clinicalStatus?: ClinicalStatus | null; reason: string };
type Tx = Prisma.TransactionClient;
type AllergyRow = AllergyIntolerance & Pick<VersionRow, 'supersededBy'>;

export class AllergyService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
  ) {}

  async get(access: PatientAccess, id: string) {
    return readable(access, ALLERGIES_READ, await this.find(requireId(id)));
  }

  async record(access: PatientAccess, input: RecordAllergyInput) {
    const patientId = requireId(input.patientId, 'patientId');
    await access.assert(CLINICAL_WRITE, patientId);
    const data = {
      ...firstVersion(),
      patientId,
      substance: requireName(input.substance, 'substance', 200),
      reaction: optionalText(input.reaction, 'reaction', 500),
      severity: input.severity,
      clinicalStatus: input.clinicalStatus ?? 'ACTIVE',
      recorderId: writerOf(access),
    };
    return this.events.transaction((tx) => this.write(tx, data));
  }

  async correct(access: PatientAccess, id: string, input: CorrectAllergyInput) {
    const current = await currentVersionFor(access, 'allergy', id, (i) => this.find(i), CLINICAL_WRITE);
    const clinicalStatus = input.clinicalStatus ?? current.clinicalStatus;
    assertTransition(CLINICAL_STATUS_TRANSITIONS, 'allergy', clinicalState(current), clinicalStatus);
    return this.supersede(access, current, input.reason, {
      substance: input.substance ? requireName(input.substance, 'substance', 200) : current.substance,
      reaction: input.reaction !== undefined ? optionalText(input.reaction, 'reaction', 500) : current.reaction,
      severity: input.severity ?? current.severity,
      clinicalStatus,
    });
  }

  async markEnteredInError(access: PatientAccess, id: string, reason: string) {
    const current = await currentVersionFor(access, 'allergy', id, (i) => this.find(i), CLINICAL_WRITE);
    assertTransition<ClinicalState>(CLINICAL_STATUS_TRANSITIONS, 'allergy', clinicalState(current), 'ENTERED_IN_ERROR');
    return this.supersede(access, current, reason, { verificationStatus: 'ENTERED_IN_ERROR' });
  }

  private find(id: string): Promise<AllergyRow | null> {
    return this.prisma.allergyIntolerance.findUnique({ where: { id }, include: WITH_SUCCESSOR });
  }

  private supersede(access: PatientAccess, current: AllergyRow, reason: string, changes: Partial<Prisma.AllergyIntoleranceUncheckedCreateInput>) {
    const { supersededBy: _successor, id: _id, recordedAt: _at, changeReason: _reason, ...kept } = current;
    const data = { ...kept, ...changes, ...nextVersion(current, reason), recorderId: writerOf(access) };
    return supersede('allergy', () => this.events.transaction((tx) => this.write(tx, data)));
  }

  private async write(tx: Tx, data: Prisma.AllergyIntoleranceUncheckedCreateInput) {
    const allergy = await tx.allergyIntolerance.create({ data, include: WITH_SUCCESSOR });
    await recordEvent(tx, 'ehr.allergy.recorded', allergy.id, {
      allergyId: allergy.id,
      patientId: allergy.patientId,
      substance: allergy.substance,
      severity: allergy.severity,
      status: clinicalState(allergy),
      version: allergy.version,
      supersedes: allergy.supersedesId,
      lineageId: allergy.lineageId,
    });
    return allergy;
  }
}
