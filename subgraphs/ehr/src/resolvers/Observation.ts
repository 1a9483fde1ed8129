/** Fields of Observation: references by id, versions and history through the loaders. */
import type { ObservationResolvers } from '../generated/graphql';

export const Observation: ObservationResolvers = {
  encounter: (observation, _args, ctx) => (observation.encounterId ? ctx.loaders.encounter.load(observation.encounterId) : null),
  recorder: (observation) => ({ id: observation.recorderId }),
  supersedes: (observation, _args, ctx) => (observation.supersedesId ? ctx.loaders.observation.load(observation.supersedesId) : null),
  current: (observation) => !observation.supersededBy,
  history: (observation, _args, ctx) => ctx.loaders.observationHistory.load(observation.lineageId),
};
