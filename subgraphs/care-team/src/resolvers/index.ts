import type { Resolvers } from '../generated/graphql';
import { CareTeamMember, Organization, Patient, Practitioner } from './entities';
import { Mutation } from './Mutation';
import { Query } from './Query';

export const resolvers: Resolvers = { Query, Mutation, Practitioner, Organization, Patient, CareTeamMember };
