/** Seeds the demo organizations, practitioners and care teams (embedded mode only) through the service; idempotent. */
import type { knownPatientsProjection } from '@caregraph/access';
import { DEMO_CARE_TEAMS, DEMO_ORGANIZATIONS, DEMO_PATIENTS, DEMO_PRACTITIONERS, DEMO_SEEDER } from '@caregraph/demo';
import type { CareTeamService } from './services/care-team';

export async function seedDemoData(careTeam: CareTeamService, knownPatients: ReturnType<typeof knownPatientsProjection>): Promise<void> {
  if (await careTeam.practitioner(DEMO_SEEDER, DEMO_PRACTITIONERS[0].id)) return;
  for (const { id, ...organization } of DEMO_ORGANIZATIONS) await careTeam.createOrganization(DEMO_SEEDER, organization, id);
  for (const { id, ...practitioner } of DEMO_PRACTITIONERS) await careTeam.createPractitioner(DEMO_SEEDER, { ...practitioner, specialties: [...practitioner.specialties] }, id);
  // The patients context seeds the demo patients at the same time (in another process in services mode): their
  // announcements are what tells this context they exist, as for any patient.
  const deadline = Date.now() + 60_000;
  while (!(await Promise.all(DEMO_PATIENTS.map((p) => knownPatients.find(p.id)))).every(Boolean)) {
    if (Date.now() > deadline) throw new Error('The demo patients were not announced within 60 s: is the patients context running?');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const { patientId, practitionerId } of DEMO_CARE_TEAMS) await careTeam.assign(DEMO_SEEDER, patientId, practitionerId);
}
