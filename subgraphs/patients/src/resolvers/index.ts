import type { Resolvers } from '../generated/graphql';
import { Mutation } from './Mutation';
import { Patient } from './Patient';
import { Query } from './Query';

export const resolvers: Resolvers = { Query, Mutation, Patient };
