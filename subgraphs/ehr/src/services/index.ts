/** The ehr context's services, built once per process and shared by every request. */
import type { KnownPatients } from '@caregraph/access';
import type { ContextEvents } from '@caregraph/events';
import type { PrismaClient } from '../generated/prisma/client';
import { AllergyService } from './allergies';
import { ConditionService } from './conditions';
import { EncounterService } from './encounters';
import { ClinicalNoteService } from './notes';
import { ObservationService } from './observations';

export const createServices = (prisma: PrismaClient, events: ContextEvents<PrismaClient>, knownPatients: KnownPatients) => ({
  encounters: new EncounterService(prisma, events, knownPatients),
  conditions: new ConditionService(prisma, events),
  allergies: new AllergyService(prisma, events),
  observations: new ObservationService(prisma, events),
  notes: new ClinicalNoteService(prisma, events),
});
export type ClinicalServices = ReturnType<typeof createServices>;
