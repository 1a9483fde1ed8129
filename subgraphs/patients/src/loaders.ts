/** Per-request DataLoaders of the patients context: one query per entity type, whatever the list length. */
import type { CareTeamSource } from '@caregraph/access';
import { byIdLoader, groupLoader } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';

export const createLoaders = (prisma: PrismaClient) => ({
  patient: byIdLoader((ids) => prisma.patient.findMany({ where: { id: { in: [...ids] } } })),
  emergencyContacts: groupLoader(
    (patientIds) => prisma.emergencyContact.findMany({ where: { patientId: { in: [...patientIds] } }, orderBy: { position: 'asc' } }),
    (contact) => contact.patientId,
  ),
});
export type Loaders = ReturnType<typeof createLoaders>;

/** Care-team membership as this context knows it: its projection of care-team events. */
export const careTeamSource = (prisma: PrismaClient): CareTeamSource => ({
  membersOf: (patientIds) => prisma.careTeamAccess.findMany({ where: { patientId: { in: [...patientIds] } } }),
  patientsOf: async (practitionerId) =>
    (await prisma.careTeamAccess.findMany({ where: { practitionerId }, select: { patientId: true } })).map((row) => row.patientId),
});
