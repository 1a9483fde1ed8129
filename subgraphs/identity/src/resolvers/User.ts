import type { UserResolvers } from '../generated/graphql';

export const User: UserResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.user.load(reference.id),
  patient: (user) => (user.patientId ? { __typename: 'Patient', id: user.patientId } : null),
  practitioner: (user) => (user.practitionerId ? { __typename: 'Practitioner', id: user.practitionerId } : null),
  organization: (user) => (user.organizationId ? { __typename: 'Organization', id: user.organizationId } : null),
};
