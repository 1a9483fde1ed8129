/** The ehr subgraph: the versioned clinical record, with access decided from its own care-team projection. */
import { careTeamProjection, knownPatientsProjection, PatientAccess, patientRelationsProjection } from '@caregraph/access';
import { defineSubgraph } from '@caregraph/server';
import { consumers } from './consumers';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { permissions } from './permissions';
import type { RequestContext } from './request-context';
import { resolvers } from './resolvers';
import { seedDemoData } from './seed';
import { createServices } from './services';

/** Every clinical record is PHI, and so are the patient's lists of them (docs/audit.md). */
const ofPatient = (record: { patientId: string }) => record.patientId;
const phi = {
  Patient: (patient: { id: string }) => patient.id,
  Encounter: ofPatient,
  Condition: ofPatient,
  AllergyIntolerance: ofPatient,
  Observation: ofPatient,
  ClinicalNote: ofPatient,
};

export const subgraph = defineSubgraph({
  name: 'ehr',
  module: import.meta.url,
  prismaClient: (options) => new PrismaClient(options),
  parts: ({ name, prisma, events }) => {
    const careTeam = careTeamProjection(prisma, name);
    const knownPatients = knownPatientsProjection(prisma, name);
    // Prescriptions open a patient's allergies to pharmacists.
    const relations = patientRelationsProjection(prisma, name);
    const access = { ...careTeam.source, ...relations.source };
    const ehr = createServices(prisma, events, knownPatients);
    return {
      resolvers,
      permissions,
      phi,
      consumers: [...consumers(careTeam, knownPatients, ehr.observations), relations.consumer],
      requestContext: (viewer): RequestContext => ({ viewer, patientAccess: new PatientAccess(viewer, access), ehr, loaders: createLoaders(prisma) }),
      seedDemoData: () => seedDemoData(prisma, ehr, careTeam.source, knownPatients),
    };
  },
});
