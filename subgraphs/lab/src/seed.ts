/** Seeds the demo lab catalogue and orders (embedded mode only) through the services, as the demo doctors and lab technician; idempotent. */
import { PatientAccess, waitForCareTeamMember, type CareTeamSource, type KnownPatients } from '@caregraph/access';
import { DEMO_CLINICIANS, DEMO_LAB_ORDERS, DEMO_LAB_TECHNICIAN, DEMO_LAB_TESTS, DEMO_SEEDER } from '@caregraph/demo';
import type { PrismaClient } from './generated/prisma/client';
import type { LabServices } from './services';

/** How long seeding waits for care-team's demo assignments to reach this context's access projection. */
const PROJECTION_WAIT_MS = 60_000;

export async function seedDemoData(prisma: PrismaClient, lab: LabServices, careTeam: CareTeamSource, knownPatients: KnownPatients): Promise<void> {
  for (const test of DEMO_LAB_TESTS) if (!(await prisma.labTest.findUnique({ where: { code: test.code } }))) await lab.tests.define(DEMO_SEEDER, test);
  for (const demo of DEMO_LAB_ORDERS) {
    if (await prisma.labOrder.findUnique({ where: { id: demo.id } })) continue;
    const doctor = DEMO_CLINICIANS[demo.orderedBy];
    // The demo doctor may order only once care-team's assignment has reached lab, as for any doctor.
    await waitForCareTeamMember(careTeam, demo.patientId, doctor.practitionerId!, { waitMs: PROJECTION_WAIT_MS, context: 'lab' });
    if (!(await knownPatients.find(demo.patientId, { waitMs: PROJECTION_WAIT_MS }))) throw new Error(`Demo patient ${demo.patientId} was not announced within 60 s: is the patients context running?`);
    await lab.orders.order(new PatientAccess(doctor, careTeam), { patientId: demo.patientId, testCode: demo.testCode, priority: demo.priority }, demo.id);
    if (demo.result === null) continue;
    await lab.orders.collect(DEMO_LAB_TECHNICIAN, demo.id);
    await lab.orders.recordResult(DEMO_LAB_TECHNICIAN, demo.id, demo.result);
  }
}
