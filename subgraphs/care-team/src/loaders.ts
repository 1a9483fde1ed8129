/** Per-request DataLoaders of the care-team context: one query per entity type, whatever the list length. */
import type { CareTeamSource } from '@caregraph/access';
import { byIdLoader, groupLoader, primeAll } from '@caregraph/server';
import type { CareTeamMember, Organization, Practitioner, PrismaClient } from './generated/prisma/client';

export const createLoaders = (prisma: PrismaClient) => {
  const practitioner = byIdLoader((ids) => prisma.practitioner.findMany({ where: { id: { in: [...ids] } } }));
  const organization = byIdLoader((ids) => prisma.organization.findMany({ where: { id: { in: [...ids] } } }));
  return {
    practitioner,
    organization,
    // A care team is nearly always read with its practitioners (a member's role is theirs) and their organizations:
    // one statement brings all three (careTeamsOf), and the practitioners and organizations are handed to their
    // loaders, so resolving them asks PostgreSQL nothing more.
    careTeamOfPatient: groupLoader(
      async (patientIds) => {
        const members = await careTeamsOf(prisma, patientIds);
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

export type CareTeamMemberWithPractitioner = CareTeamMember & { practitioner: Practitioner & { organization: Organization | null } };

/**
 * The care teams of these patients, oldest membership first, each member with their practitioner and organization:
 * one flat join in SQL. Prisma's relation joins said the same in one statement too, but building and reading their
 * nested JSON was a fifth of care-team's CPU per W1 call (docs/performance.md, the table of changes). The columns are
 * listed under Prisma's field names; `care-team.test.ts` checks the rows are the ones `findMany` reads.
 */
async function careTeamsOf(prisma: PrismaClient, patientIds: readonly string[]): Promise<CareTeamMemberWithPractitioner[]> {
  const rows = await prisma.$queryRaw<CareTeamRow[]>`
    SELECT m.patient_id AS "patientId", m.practitioner_id AS "practitionerId", m.since,
      p.given_name AS "givenName", p.family_name AS "familyName", p.role, p.specialties, p.license_number AS "licenseNumber",
      p.license_status AS "licenseStatus", p.organization_id AS "organizationId", p.created_at AS "practitionerCreatedAt",
      o.name AS "organizationName", o.type AS "organizationType", o.created_at AS "organizationCreatedAt"
    FROM care_team_members m
    JOIN practitioners p ON p.id = m.practitioner_id
    LEFT JOIN organizations o ON o.id = p.organization_id
    WHERE m.patient_id = ANY(${[...patientIds]}::uuid[])
    ORDER BY m.since, m.patient_id, m.practitioner_id`;
  return rows.map((row) => ({
    patientId: row.patientId,
    practitionerId: row.practitionerId,
    since: row.since,
    practitioner: {
      id: row.practitionerId,
      givenName: row.givenName,
      familyName: row.familyName,
      role: row.role,
      specialties: row.specialties,
      licenseNumber: row.licenseNumber,
      licenseStatus: row.licenseStatus,
      organizationId: row.organizationId,
      createdAt: row.practitionerCreatedAt,
      organization: row.organizationId
        ? { id: row.organizationId, name: row.organizationName!, type: row.organizationType!, createdAt: row.organizationCreatedAt! }
        : null,
    },
  }));
}

type CareTeamRow = CareTeamMember &
  Omit<Practitioner, 'id' | 'createdAt'> & {
    practitionerCreatedAt: Date;
    organizationName: string | null;
    organizationType: Organization['type'] | null;
    organizationCreatedAt: Date | null;
  };
