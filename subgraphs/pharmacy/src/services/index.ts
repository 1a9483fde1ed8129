/** The pharmacy context's services, built once per process and shared by every request. */
import type { KnownPatients } from '@caregraph/access';
import type { ContextEvents } from '@caregraph/events';
import type { PrismaClient } from '../generated/prisma/client';
import { AllergyService } from './allergies';
import { MedicationService } from './medications';
import { PrescriptionService } from './prescriptions';

export function createServices(prisma: PrismaClient, events: ContextEvents<PrismaClient>, knownPatients: KnownPatients) {
  const medications = new MedicationService(prisma, events);
  const allergies = new AllergyService(prisma);
  return { medications, allergies, prescriptions: new PrescriptionService(prisma, events, medications, allergies, knownPatients) };
}
export type PharmacyServices = ReturnType<typeof createServices>;
