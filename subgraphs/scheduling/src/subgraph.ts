/** The scheduling subgraph: availability, computed slots and appointments, with access decided from its care-team projection. */
import { careTeamProjection, knownPatientsProjection, knownPractitionersProjection, PatientAccess } from '@caregraph/access';
import { defineSubgraph } from '@caregraph/server';
import { consumers } from './consumers';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { permissions } from './permissions';
import type { RequestContext } from './request-context';
import { resolvers } from './resolvers';
import { seedDemoData } from './seed';
import { AppointmentService } from './services/appointments';
import { AvailabilityService } from './services/availability';

export const subgraph = defineSubgraph({
  name: 'scheduling',
  module: import.meta.url,
  prismaClient: (options) => new PrismaClient(options),
  parts: ({ name, prisma, events }) => {
    const careTeam = careTeamProjection(prisma, name);
    const knownPatients = knownPatientsProjection(prisma, name);
    const knownPractitioners = knownPractitionersProjection(prisma, name);
    const availability = new AvailabilityService(prisma, knownPractitioners);
    const appointments = new AppointmentService(prisma, events, availability, knownPatients);
    return {
      resolvers,
      permissions,
      consumers: consumers(appointments, careTeam, knownPatients, knownPractitioners),
      requestContext: (viewer): RequestContext => ({
        viewer,
        patientAccess: new PatientAccess(viewer, careTeam.source),
        availability,
        appointments,
        loaders: createLoaders(prisma, availability, appointments),
      }),
      seedDemoData: () => seedDemoData({ prisma, events, knownPatients, knownPractitioners, accessFor: (viewer) => new PatientAccess(viewer, careTeam.source) }),
    };
  },
});
