/** Fields of Condition: references by id, versions and history through the loaders. */
import type { ConditionResolvers } from '../generated/graphql';

export const Condition: ConditionResolvers = {
  onsetDate: (condition) => condition.onsetDate?.toISOString().slice(0, 10) ?? null,
  encounter: (condition, _args, ctx) => (condition.encounterId ? ctx.loaders.encounter.load(condition.encounterId) : null),
  recorder: (condition) => ({ id: condition.recorderId }),
  supersedes: (condition, _args, ctx) => (condition.supersedesId ? ctx.loaders.condition.load(condition.supersedesId) : null),
  current: (condition) => !condition.supersededBy,
  history: (condition, _args, ctx) => ctx.loaders.conditionHistory.load(condition.lineageId),
};
