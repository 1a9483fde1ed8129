import type { PractitionerResolvers } from '../generated/graphql';

export const Practitioner: PractitionerResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.practitioner.load(reference.id),
  organization: (practitioner, _args, ctx) => (practitioner.organizationId ? ctx.loaders.organization.load(practitioner.organizationId) : null),
  patients: async (practitioner, _args, ctx) => (await ctx.loaders.patientsOfPractitioner.load(practitioner.id)).map((member) => ({ id: member.patientId })),
};
