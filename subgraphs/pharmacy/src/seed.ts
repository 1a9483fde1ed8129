/**
 * Seeds the demo catalogue, its stock and the demo prescriptions (embedded mode only) through the services: the
 * catalogue by the demo pharmacist, each prescription by the patient's demo doctor; idempotent.
 */
import { PatientAccess, type CareTeamSource, type KnownPatients } from '@caregraph/access';
import { DEMO_CLINICIANS, DEMO_MEDICATIONS, DEMO_PHARMACIST, DEMO_PRESCRIPTIONS } from '@caregraph/demo';
import type { PrismaClient } from './generated/prisma/client';
import type { PharmacyServices } from './services';

/** How long seeding waits for care-team's demo assignments and the demo patients to reach this context. */
const PROJECTION_WAIT_MS = 60_000;

export async function seedDemoData(prisma: PrismaClient, pharmacy: PharmacyServices, careTeam: CareTeamSource, knownPatients: KnownPatients): Promise<void> {
  for (const { id, stockOnHand, ingredients, ...item } of DEMO_MEDICATIONS) {
    if (await prisma.medication.count({ where: { id } })) continue;
    await pharmacy.medications.create(DEMO_PHARMACIST, { ...item, ingredients: [...ingredients] }, id);
    await pharmacy.medications.restock(DEMO_PHARMACIST, id, stockOnHand);
  }
  for (const { id, prescriber, ...input } of DEMO_PRESCRIPTIONS) {
    if (await prisma.prescription.count({ where: { id } })) continue;
    const doctor = DEMO_CLINICIANS[prescriber];
    await waitForCareTeam(careTeam, input.patientId, doctor.practitionerId!);
    if (!(await knownPatients.find(input.patientId, { waitMs: PROJECTION_WAIT_MS }))) throw new Error(`Demo patient ${input.patientId} was not announced within 60 s: is the patients context running?`);
    await pharmacy.prescriptions.prescribe(new PatientAccess(doctor, careTeam), input, id);
  }
}

/** The demo doctor may prescribe only once care-team's assignment has reached this context, as for any doctor. */
async function waitForCareTeam(careTeam: CareTeamSource, patientId: string, practitionerId: string) {
  const deadline = Date.now() + PROJECTION_WAIT_MS;
  while (!(await careTeam.membersOf([patientId])).some((pair) => pair.practitionerId === practitionerId)) {
    if (Date.now() > deadline) throw new Error(`The demo care team of ${patientId} did not reach pharmacy within 60 s: is the care-team context running?`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
