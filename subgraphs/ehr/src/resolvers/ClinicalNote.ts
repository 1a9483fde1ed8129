/** Fields of ClinicalNote: references by id, versions and history through the loaders. */
import type { ClinicalNoteResolvers } from '../generated/graphql';

export const ClinicalNote: ClinicalNoteResolvers = {
  encounter: (note, _args, ctx) => (note.encounterId ? ctx.loaders.encounter.load(note.encounterId) : null),
  author: (note) => ({ id: note.authorId }),
  supersedes: (note, _args, ctx) => (note.supersedesId ? ctx.loaders.note.load(note.supersedesId) : null),
  current: (note) => !note.supersededBy,
  history: (note, _args, ctx) => ctx.loaders.noteHistory.load(note.lineageId),
};
