/** Clinical notes: written by doctors and nurses of the care team; only the author amends a note, as a new version. */
import type { PatientAccess } from '@caregraph/access';
import { forbidden } from '@caregraph/errors';
import type { ContextEvents } from '@caregraph/events';
import { requireId, requireName } from '@caregraph/validation';
import type { ClinicalNote, Prisma, PrismaClient } from '../generated/prisma/client';
import { CLINICAL_READ, NOTES_WRITE } from './capabilities';
import { currentVersionFor, encounterOf, firstVersion, nextVersion, readable, supersede, WITH_SUCCESSOR, type VersionRow, writerOf } from './versions';

export type AddClinicalNoteInput = { patientId: string; encounterId?: string | null; text: string };
type NoteRow = ClinicalNote & Pick<VersionRow, 'supersededBy'>;

/** Long enough for a visit note, short enough to refuse a pasted document. */
const MAX_NOTE = 20_000;

export class ClinicalNoteService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
  ) {}

  async get(access: PatientAccess, id: string) {
    return readable(access, CLINICAL_READ, await this.find(requireId(id)));
  }

  /**
   * Notes announce no event: their text is the most sensitive part of the record and no other context needs it.
   * They still go through `events.transaction`, so adding an event later is one line.
   */
  async add(access: PatientAccess, input: AddClinicalNoteInput) {
    const patientId = requireId(input.patientId, 'patientId');
    await access.assert(NOTES_WRITE, patientId);
    const text = requireName(input.text, 'text', MAX_NOTE, { multiline: true });
    const encounterId = await encounterOf(this.prisma, patientId, input.encounterId);
    const data = { ...firstVersion(), patientId, encounterId, text, authorId: writerOf(access) };
    return this.events.transaction((tx) => tx.clinicalNote.create({ data, include: WITH_SUCCESSOR }));
  }

  async amend(access: PatientAccess, id: string, text: string, reason: string) {
    const current = await this.ownCurrent(access, id);
    return this.supersede(current, reason, { text: requireName(text, 'text', MAX_NOTE, { multiline: true }) });
  }

  async markEnteredInError(access: PatientAccess, id: string, reason: string) {
    const current = await this.ownCurrent(access, id);
    return this.supersede(current, reason, { verificationStatus: 'ENTERED_IN_ERROR' });
  }

  /** A note is its author's words: colleagues add their own note rather than change someone else's. */
  private async ownCurrent(access: PatientAccess, id: string) {
    const current = await currentVersionFor(access, 'clinical note', id, (i) => this.find(i), NOTES_WRITE);
    if (current.authorId !== writerOf(access)) throw forbidden('Only the author may amend a clinical note: add a note of your own instead.');
    return current;
  }

  private find(id: string): Promise<NoteRow | null> {
    return this.prisma.clinicalNote.findUnique({ where: { id }, include: WITH_SUCCESSOR });
  }

  private supersede(current: NoteRow, reason: string, changes: Partial<Prisma.ClinicalNoteUncheckedCreateInput>) {
    const { supersededBy: _successor, id: _id, createdAt: _at, changeReason: _reason, ...kept } = current;
    const data = { ...kept, ...changes, ...nextVersion(current, reason) };
    return supersede('clinical note', () => this.events.transaction((tx) => tx.clinicalNote.create({ data, include: WITH_SUCCESSOR })));
  }
}
