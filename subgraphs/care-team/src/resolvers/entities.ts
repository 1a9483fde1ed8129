import type { CareTeamMemberResolvers, OrganizationResolvers, PatientResolvers, PractitionerResolvers } from '../generated/graphql';

export const Practitioner: PractitionerResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.practitioner.load(reference.id),
  organization: (practitioner, _args, ctx) => (practitioner.organizationId ? ctx.loaders.organization.load(practitioner.organizationId) : null),
  patients: async (practitioner, _args, ctx) =>
    (await ctx.loaders.patientsOfPractitioner.load(practitioner.id)).map((member) => ({ id: member.patientId })),
};

export const Organization: OrganizationResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.organization.load(reference.id),
};

export const Patient: PatientResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  careTeam: (patient, _args, ctx) => ctx.loaders.careTeamOfPatient.load(patient.id),
};

export const CareTeamMember: CareTeamMemberResolvers = {
  practitioner: async (member, _args, ctx) => (await ctx.loaders.practitioner.load(member.practitionerId))!,
  role: async (member, _args, ctx) => (await ctx.loaders.practitioner.load(member.practitionerId))!.role,
};
