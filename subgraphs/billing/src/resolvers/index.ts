/** The billing subgraph's resolver map, one file per type. */
import type { Resolvers } from '../generated/graphql';
import { Appointment } from './Appointment';
import { Claim } from './Claim';
import { Coverage } from './Coverage';
import { FeeScheduleItem } from './FeeScheduleItem';
import { Invoice } from './Invoice';
import { InvoiceLine } from './InvoiceLine';
import { Money } from './Money';
import { Mutation } from './Mutation';
import { Patient } from './Patient';
import { Payment } from './Payment';
import { Query } from './Query';

export const resolvers: Resolvers = { Query, Mutation, Invoice, InvoiceLine, Payment, Money, FeeScheduleItem, Coverage, Claim, Patient, Appointment };
