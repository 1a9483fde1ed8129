/** Root reads: one appointment and the front desk's list. */
import type { QueryResolvers } from '../generated/graphql';

const date = (value: Date | string | null | undefined) => (value ? new Date(value) : null);

export const Query: QueryResolvers = {
  appointment: (_parent, { id }, ctx) => ctx.appointments.get(ctx.patientAccess, id),
  appointments: (_parent, args, ctx) => ctx.appointments.list(ctx.patientAccess, { ...args, from: date(args.from), to: date(args.to) }),
};
