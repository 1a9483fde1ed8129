/** Seeds the demo organizations, practitioners and care teams (embedded mode only) through the service; idempotent. */
import type { KnownPatients } from '@caregraph/access';
import { DEMO_CARE_TEAMS, DEMO_ORGANIZATIONS, DEMO_PATIENTS, DEMO_PRACTITIONERS, DEMO_SEEDER } from '@caregraph/demo';
import type { CareTeamService } from './services/care-team';

export async function seedDemoData(careTeam: CareTeamService, knownPatients: KnownPatients): Promise<void> {
  if (await careTeam.practitioner(DEMO_SEEDER, DEMO_PRACTITIONERS[0].id)) return;
  for (const { id, ...organization } of DEMO_ORGANIZATIONS) await careTeam.createOrganization(DEMO_SEEDER, organization, id);
  for (const { id, ...practitioner } of DEMO_PRACTITIONERS) await careTeam.createPractitioner(DEMO_SEEDER, { ...practitioner, specialties: [...practitioner.specialties] }, id);
  // The patients context seeds the demo patients at the same time (in another process in services mode): their
  // announcements are what tells this context they exist, as for any patient.
  for (const { id } of DEMO_PATIENTS)
    if (!(await knownPatients.find(id, { waitMs: 60_000 }))) throw new Error(`Demo patient ${id} was not announced within 60 s: is the patients context running?`);
  for (const { patientId, practitionerId } of DEMO_CARE_TEAMS) await careTeam.assign(DEMO_SEEDER, patientId, practitionerId);
}
