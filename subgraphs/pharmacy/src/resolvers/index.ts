/** The pharmacy subgraph's resolver map, one file per GraphQL type. */
import type { Resolvers } from '../generated/graphql';
import { Medication } from './Medication';
import { MedicationDispense } from './MedicationDispense';
import { Mutation } from './Mutation';
import { Patient } from './Patient';
import { Prescription } from './Prescription';
import { Query } from './Query';

export const resolvers: Resolvers = { Query, Mutation, Medication, Prescription, MedicationDispense, Patient };
