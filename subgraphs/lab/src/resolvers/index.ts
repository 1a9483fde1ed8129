/** The lab subgraph's resolver map, one file per type. */
import type { Resolvers } from '../generated/graphql';
import { LabOrder } from './LabOrder';
import { LabResult } from './LabResult';
import { LabTest } from './LabTest';
import { Mutation } from './Mutation';
import { Patient } from './Patient';
import { Query } from './Query';

export const resolvers: Resolvers = { Query, Mutation, LabOrder, LabResult, LabTest, Patient };
