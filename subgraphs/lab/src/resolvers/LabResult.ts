/** LabResult fields: the performer by id, the superseded version through the loader. */
import type { LabResultResolvers } from '../generated/graphql';

export const LabResult: LabResultResolvers = {
  performer: (result) => ({ id: result.performerId }),
  supersedes: (result, _args, ctx) => (result.supersedesId ? ctx.loaders.labResult.load(result.supersedesId) : null),
  current: (result) => !result.supersededBy,
};
