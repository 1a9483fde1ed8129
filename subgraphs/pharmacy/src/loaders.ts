/** Per-request DataLoaders of the pharmacy context: one query per entity type, whatever the number of rows. */
import { byIdLoader, groupLoader, primeAll } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';

export const createLoaders = (prisma: PrismaClient) => {
  const medication = byIdLoader((ids) => prisma.medication.findMany({ where: { id: { in: [...ids] } } }));
  const prescription = byIdLoader((ids) => prisma.prescription.findMany({ where: { id: { in: [...ids] } } }));
  return {
    medication,
    prescription,
    // A patient's prescriptions come with their medications in one statement (Prisma's relation joins): a list of
    // prescriptions is nearly always shown with what was prescribed. Both are handed to their loaders (a dispense
    // names its prescription and medication).
    prescriptionsOfPatient: groupLoader(async (ids) => {
      const prescriptions = await prisma.prescription.findMany({
        where: { patientId: { in: [...ids] } },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        relationLoadStrategy: 'join',
        include: { medication: true },
      });
      primeAll(prescription, prescriptions);
      primeAll(medication, prescriptions.map((row) => row.medication));
      return prescriptions;
    }, (p) => p.patientId),
    dispensesOfPrescription: groupLoader((ids) => prisma.medicationDispense.findMany({ where: { prescriptionId: { in: [...ids] } }, orderBy: [{ dispensedAt: 'asc' }, { id: 'asc' }] }), (d) => d.prescriptionId),
  };
};
export type Loaders = ReturnType<typeof createLoaders>;
