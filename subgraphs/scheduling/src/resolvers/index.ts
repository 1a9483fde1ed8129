/** The scheduling subgraph's resolver map, one file per type. */
import type { Resolvers } from '../generated/graphql';
import { Appointment } from './Appointment';
import { Availability } from './Availability';
import { Mutation } from './Mutation';
import { Patient } from './Patient';
import { Practitioner } from './Practitioner';
import { Query } from './Query';

export const resolvers: Resolvers = { Query, Mutation, Appointment, Availability, Practitioner, Patient };
