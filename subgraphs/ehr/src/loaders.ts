/** Per-request DataLoaders of the ehr context: one query per record type, whatever the number of patients or encounters. */
import { byIdLoader, groupLoader } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';
import { CURRENT, WITH_SUCCESSOR } from './services/versions';

/** History reads oldest first. */
const OLDEST_FIRST = { orderBy: { version: 'asc' } } as const;

export const createLoaders = (prisma: PrismaClient) => ({
  encounter: byIdLoader((ids) => prisma.encounter.findMany({ where: { id: { in: [...ids] } } })),
  encountersOfPatient: groupLoader((ids) => prisma.encounter.findMany({ where: { patientId: { in: [...ids] } }, orderBy: [{ startAt: 'desc' }, { id: 'asc' }] }), (e) => e.patientId),
  conditionsOfPatient: groupLoader((ids) => prisma.condition.findMany({ where: { patientId: { in: [...ids] }, ...CURRENT }, include: WITH_SUCCESSOR, orderBy: [{ recordedAt: 'desc' }, { id: 'asc' }] }), (c) => c.patientId),
  allergiesOfPatient: groupLoader((ids) => prisma.allergyIntolerance.findMany({ where: { patientId: { in: [...ids] }, ...CURRENT }, include: WITH_SUCCESSOR, orderBy: [{ recordedAt: 'desc' }, { id: 'asc' }] }), (a) => a.patientId),
  observationsOfPatient: groupLoader((ids) => prisma.observation.findMany({ where: { patientId: { in: [...ids] }, ...CURRENT }, include: WITH_SUCCESSOR, orderBy: [{ effectiveAt: 'desc' }, { id: 'asc' }] }), (o) => o.patientId),
  notesOfPatient: groupLoader((ids) => prisma.clinicalNote.findMany({ where: { patientId: { in: [...ids] }, ...CURRENT }, include: WITH_SUCCESSOR, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }), (n) => n.patientId),
  notesOfEncounter: groupLoader((ids) => prisma.clinicalNote.findMany({ where: { encounterId: { in: [...ids] }, ...CURRENT }, include: WITH_SUCCESSOR, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }), (n) => n.encounterId!),
  condition: byIdLoader((ids) => prisma.condition.findMany({ where: { id: { in: [...ids] } }, include: WITH_SUCCESSOR })),
  allergy: byIdLoader((ids) => prisma.allergyIntolerance.findMany({ where: { id: { in: [...ids] } }, include: WITH_SUCCESSOR })),
  observation: byIdLoader((ids) => prisma.observation.findMany({ where: { id: { in: [...ids] } }, include: WITH_SUCCESSOR })),
  note: byIdLoader((ids) => prisma.clinicalNote.findMany({ where: { id: { in: [...ids] } }, include: WITH_SUCCESSOR })),
  conditionHistory: groupLoader((ids) => prisma.condition.findMany({ where: { lineageId: { in: [...ids] } }, include: WITH_SUCCESSOR, ...OLDEST_FIRST }), (c) => c.lineageId),
  allergyHistory: groupLoader((ids) => prisma.allergyIntolerance.findMany({ where: { lineageId: { in: [...ids] } }, include: WITH_SUCCESSOR, ...OLDEST_FIRST }), (a) => a.lineageId),
  observationHistory: groupLoader((ids) => prisma.observation.findMany({ where: { lineageId: { in: [...ids] } }, include: WITH_SUCCESSOR, ...OLDEST_FIRST }), (o) => o.lineageId),
  noteHistory: groupLoader((ids) => prisma.clinicalNote.findMany({ where: { lineageId: { in: [...ids] } }, include: WITH_SUCCESSOR, ...OLDEST_FIRST }), (n) => n.lineageId),
});
export type Loaders = ReturnType<typeof createLoaders>;
