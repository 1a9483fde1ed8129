/** Seeds the demo patients (embedded mode only) through the service, so they are announced like any new patient; idempotent. */
import type { PatientAccess } from '@caregraph/access';
import { DEMO_PATIENTS } from '@caregraph/demo';
import type { PatientService } from './services/patients';

export async function seedDemoData(patients: PatientService, seeder: PatientAccess): Promise<void> {
  for (const { id, ...input } of DEMO_PATIENTS) {
    if (await patients.get(seeder, id)) continue;
    // Fixed ids let every context's demo data join up.
    await patients.create(seeder, { ...input, address: { ...input.address }, emergencyContacts: input.emergencyContacts.map((c) => ({ ...c })) }, id);
  }
}
