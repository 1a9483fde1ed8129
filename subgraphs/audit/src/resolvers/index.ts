/** The audit subgraph's resolver map, one file per type. */
import type { Resolvers } from '../generated/graphql';
import { AccessLogEntry } from './AccessLogEntry';
import { AuditEvent } from './AuditEvent';
import { Patient } from './Patient';
import { Query } from './Query';

export const resolvers: Resolvers = { Query, Patient, AuditEvent, AccessLogEntry };
