/** Per-request DataLoaders of the pharmacy context: one query per entity type, whatever the number of rows. */
import { byIdLoader, groupLoader } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';

export const createLoaders = (prisma: PrismaClient) => ({
  medication: byIdLoader((ids) => prisma.medication.findMany({ where: { id: { in: [...ids] } } })),
  prescription: byIdLoader((ids) => prisma.prescription.findMany({ where: { id: { in: [...ids] } } })),
  prescriptionsOfPatient: groupLoader((ids) => prisma.prescription.findMany({ where: { patientId: { in: [...ids] } }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }), (p) => p.patientId),
  dispensesOfPrescription: groupLoader((ids) => prisma.medicationDispense.findMany({ where: { prescriptionId: { in: [...ids] } }, orderBy: [{ dispensedAt: 'asc' }, { id: 'asc' }] }), (d) => d.prescriptionId),
});
export type Loaders = ReturnType<typeof createLoaders>;
