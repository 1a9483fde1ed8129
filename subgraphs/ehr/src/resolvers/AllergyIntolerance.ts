/** Fields of AllergyIntolerance: references by id, versions and history through the loaders. */
import type { AllergyIntoleranceResolvers } from '../generated/graphql';

export const AllergyIntolerance: AllergyIntoleranceResolvers = {
  recorder: (allergy) => ({ id: allergy.recorderId }),
  supersedes: (allergy, _args, ctx) => (allergy.supersedesId ? ctx.loaders.allergy.load(allergy.supersedesId) : null),
  current: (allergy) => !allergy.supersededBy,
  history: (allergy, _args, ctx) => ctx.loaders.allergyHistory.load(allergy.lineageId),
};
