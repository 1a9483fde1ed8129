/** Seeds API.md's demo organizations, practitioners and care teams (embedded mode only); idempotent. */
import { DEMO_CARE_TEAMS, DEMO_ORGANIZATIONS, DEMO_PATIENTS, DEMO_PRACTITIONERS } from '@caregraph/demo';
import type { PrismaClient } from './generated/prisma/client';
import type { CareTeamService } from './services/care-team';

export async function seedDemoData(prisma: PrismaClient, careTeam: CareTeamService): Promise<void> {
  if (await prisma.practitioner.count({ where: { id: { in: DEMO_PRACTITIONERS.map((p) => p.id) } } })) return;
  for (const { id, ...organization } of DEMO_ORGANIZATIONS) await careTeam.createOrganization(organization, id);
  for (const { id, ...practitioner } of DEMO_PRACTITIONERS) await careTeam.createPractitioner({ ...practitioner, specialties: [...practitioner.specialties] }, id);
  // The demo patients are seeded by the patients context at the same time; their announcements may not have arrived yet.
  await prisma.knownPatient.createMany({ data: DEMO_PATIENTS.map((p) => ({ id: p.id })), skipDuplicates: true });
  for (const { patientId, practitionerId } of DEMO_CARE_TEAMS) await careTeam.assign(patientId, practitionerId);
}
