/** Seeds the demo patients of API.md (embedded mode only), announcing them like any new patient; idempotent. */
import { DEMO_PATIENTS } from '@caregraph/demo';
import type { PrismaClient } from './generated/prisma/client';
import type { PatientService } from './services/patients';

export async function seedDemoData(prisma: PrismaClient, patients: PatientService): Promise<void> {
  const existing = new Set((await prisma.patient.findMany({ select: { id: true } })).map((p) => p.id));
  for (const demo of DEMO_PATIENTS) {
    if (existing.has(demo.id)) continue;
    const { id, ...input } = demo;
    // Fixed ids let every context's demo data join up.
    await patients.create({ ...input, address: { ...input.address }, emergencyContacts: input.emergencyContacts.map((c) => ({ ...c })) }, id);
  }
}
