import { selectsField } from '@caregraph/server';
import type { QueryResolvers } from '../generated/graphql';

export const Query: QueryResolvers = {
  patient: (_parent, { id }, ctx) => ctx.patients.get(ctx.patientAccess, id),
  patients: (_parent, args, ctx, info) => ctx.patients.list(ctx.patientAccess, args, { withTotal: selectsField(info, 'totalCount') }),
};
