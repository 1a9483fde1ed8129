/** The notifications subgraph's resolver map, one file per type. */
import type { Resolvers } from '../generated/graphql';
import { Mutation } from './Mutation';
import { Notification } from './Notification';
import { Query } from './Query';

export const resolvers: Resolvers = { Query, Mutation, Notification };
