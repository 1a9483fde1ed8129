/** Events the patients context applies: registrations from identity, and care-team changes for its access projection. */
import { processOnce, type ConsumerSpec } from '@caregraph/events';
import type { PrismaClient } from './generated/prisma/client';
import type { PatientService } from './services/patients';

type Registration = { patientId: string; givenName: string; familyName: string; birthDate: string; email: string; phone?: string | null };
type Membership = { patientId: string; practitionerId: string };

export function patientConsumers(prisma: PrismaClient, patients: PatientService): ConsumerSpec[] {
  return [
    {
      group: 'patients.registrations',
      types: ['identity.user.registered'],
      handle: (event) =>
        prisma.$transaction(async (tx) => {
          if (!(await processOnce(tx, 'patients.registrations', event.id))) return;
          await patients.createRegistered(tx, event.payload as Registration);
        }),
    },
    {
      group: 'patients.care-team-access',
      types: ['care-team.member.assigned', 'care-team.member.removed'],
      handle: (event) =>
        prisma.$transaction(async (tx) => {
          if (!(await processOnce(tx, 'patients.care-team-access', event.id))) return;
          const { patientId, practitionerId } = event.payload as Membership;
          if (event.type === 'care-team.member.assigned') await tx.careTeamAccess.createMany({ data: [{ patientId, practitionerId }], skipDuplicates: true });
          else await tx.careTeamAccess.deleteMany({ where: { patientId, practitionerId } });
        }),
    },
  ];
}
