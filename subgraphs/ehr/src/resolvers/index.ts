/** The ehr subgraph's resolver map, one file per GraphQL type. */
import type { Resolvers } from '../generated/graphql';
import { AllergyIntolerance } from './AllergyIntolerance';
import { ClinicalNote } from './ClinicalNote';
import { Condition } from './Condition';
import { Encounter } from './Encounter';
import { Mutation } from './Mutation';
import { Observation } from './Observation';
import { Patient } from './Patient';
import { Query } from './Query';

export const resolvers: Resolvers = { Query, Mutation, Encounter, Condition, AllergyIntolerance, Observation, ClinicalNote, Patient };
