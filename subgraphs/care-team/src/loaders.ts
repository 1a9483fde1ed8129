/** Per-request DataLoaders of the care-team context: one query per entity type, whatever the list length. */
import type { CareTeamSource } from '@caregraph/access';
import { byIdLoader, groupLoader, primeAll } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';

export const createLoaders = (prisma: PrismaClient) => {
  const practitioner = byIdLoader((ids) => prisma.practitioner.findMany({ where: { id: { in: [...ids] } } }));
  const organization = byIdLoader((ids) => prisma.organization.findMany({ where: { id: { in: [...ids] } } }));
  return {
    practitioner,
    organization,
    // A care team is nearly always read with its practitioners (a member's role is theirs) and their organizations:
    // one statement (Prisma's relation joins) brings all three, and the practitioners and organizations are handed
    // to their loaders, so resolving them asks PostgreSQL nothing more.
    careTeamOfPatient: groupLoader(
      async (patientIds) => {
        const members = await prisma.careTeamMember.findMany({
          where: { patientId: { in: [...patientIds] } },
          orderBy: { since: 'asc' },
          relationLoadStrategy: 'join',
          include: { practitioner: { include: { organization: true } } },
        });
        primeAll(practitioner, members.map((member) => member.practitioner));
        primeAll(organization, members.map((member) => member.practitioner.organization));
        return members;
      },
      (member) => member.patientId,
    ),
    patientsOfPractitioner: groupLoader(
      (practitionerIds) => prisma.careTeamMember.findMany({ where: { practitionerId: { in: [...practitionerIds] } }, orderBy: { since: 'asc' } }),
      (member) => member.practitionerId,
    ),
  };
};
export type Loaders = ReturnType<typeof createLoaders>;

/** Care-team membership from this context's own table (the source of truth). */
export const careTeamSource = (prisma: PrismaClient): CareTeamSource => ({
  membersOf: (patientIds) => prisma.careTeamMember.findMany({ where: { patientId: { in: [...patientIds] } }, select: { patientId: true, practitionerId: true } }),
  patientsOf: async (practitionerId) =>
    (await prisma.careTeamMember.findMany({ where: { practitionerId }, select: { patientId: true } })).map((row) => row.patientId),
});
