import type { CareTeamMemberResolvers } from '../generated/graphql';

export const CareTeamMember: CareTeamMemberResolvers = {
  practitioner: async (member, _args, ctx) => (await ctx.loaders.practitioner.load(member.practitionerId))!,
  role: async (member, _args, ctx) => (await ctx.loaders.practitioner.load(member.practitionerId))!.role,
};
