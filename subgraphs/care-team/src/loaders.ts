/** Per-request DataLoaders of the care-team context: one query per entity type, whatever the list length. */
import type { CareTeamSource } from '@caregraph/access';
import { byIdLoader, groupLoader } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';

export const createLoaders = (prisma: PrismaClient) => ({
  practitioner: byIdLoader((ids) => prisma.practitioner.findMany({ where: { id: { in: [...ids] } } })),
  organization: byIdLoader((ids) => prisma.organization.findMany({ where: { id: { in: [...ids] } } })),
  careTeamOfPatient: groupLoader(
    (patientIds) => prisma.careTeamMember.findMany({ where: { patientId: { in: [...patientIds] } }, orderBy: { since: 'asc' } }),
    (member) => member.patientId,
  ),
  patientsOfPractitioner: groupLoader(
    (practitionerIds) => prisma.careTeamMember.findMany({ where: { practitionerId: { in: [...practitionerIds] } }, orderBy: { since: 'asc' } }),
    (member) => member.practitionerId,
  ),
});
export type Loaders = ReturnType<typeof createLoaders>;

/** Care-team membership from this context's own table (the source of truth). */
export const careTeamSource = (prisma: PrismaClient): CareTeamSource => ({
  membersOf: (patientIds) => prisma.careTeamMember.findMany({ where: { patientId: { in: [...patientIds] } }, select: { patientId: true, practitionerId: true } }),
  patientsOf: async (practitionerId) =>
    (await prisma.careTeamMember.findMany({ where: { practitionerId }, select: { patientId: true } })).map((row) => row.patientId),
});
