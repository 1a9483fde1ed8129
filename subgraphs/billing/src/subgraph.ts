/** The billing subgraph: fee schedule, invoices, payments, coverage and claims, with access decided from PATIENT_GRANTS and the claim's insurer. */
import { knownPatientsProjection, PatientAccess } from '@caregraph/access';
import { defineSubgraph } from '@caregraph/server';
import { consumers } from './consumers';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { permissions } from './permissions';
import { knownOrganizationsProjection } from './projections';
import type { RequestContext } from './request-context';
import { resolvers } from './resolvers';
import { seedDemoData } from './seed';
import { createServices } from './services';
import { NO_CARE_TEAM } from './services/access';

export const subgraph = defineSubgraph({
  name: 'billing',
  module: import.meta.url,
  prismaClient: (options) => new PrismaClient(options),
  parts: ({ name, prisma, events }) => {
    const knownPatients = knownPatientsProjection(prisma, name);
    const organizations = knownOrganizationsProjection(prisma, name);
    const billing = createServices(prisma, events, knownPatients, organizations);
    return {
      resolvers,
      permissions,
      consumers: consumers(billing.invoices, knownPatients, organizations),
      requestContext: (viewer): RequestContext => ({ viewer, patientAccess: new PatientAccess(viewer, NO_CARE_TEAM), billing, loaders: createLoaders(prisma) }),
      seedDemoData: () => seedDemoData(prisma, billing, knownPatients, organizations),
    };
  },
});
