/** Per-request DataLoaders of the patients context: one query per entity type, whatever the list length. */
import { byIdLoader, groupLoader } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';

export const createLoaders = (prisma: PrismaClient) => ({
  patient: byIdLoader((ids) => prisma.patient.findMany({ where: { id: { in: [...ids] } } })),
  emergencyContacts: groupLoader((patientIds) => prisma.emergencyContact.findMany({ where: { patientId: { in: [...patientIds] } }, orderBy: { position: 'asc' } }), (contact) => contact.patientId),
});
export type Loaders = ReturnType<typeof createLoaders>;
