import type { Resolvers } from '../generated/graphql';
import { CareTeamMember } from './CareTeamMember';
import { Mutation } from './Mutation';
import { Organization } from './Organization';
import { Patient } from './Patient';
import { Practitioner } from './Practitioner';
import { Query } from './Query';

export const resolvers: Resolvers = { Query, Mutation, Practitioner, Organization, Patient, CareTeamMember };
