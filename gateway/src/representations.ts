/**
 * Each entity asked of a subgraph once. @apollo/gateway sends an `_entities` call one representation per place the
 * entity appears in the answer so far: a page of 50 patients whose care teams share 3 organizations asks for each of
 * them dozens of times, and the subgraph authorizes, resolves, reports the PHI read of and serialises every copy.
 * Hive Gateway and Apollo's Router send each distinct representation once; so does Caregraph's gateway, and it hands
 * the query plan the answer as if every copy had been asked for (docs/performance.md).
 */
import type { SubgraphAnswer } from './subgraph-faults';

export type DistinctRepresentations = {
  /** Each distinct representation once, in the order of first appearance. */
  representations: unknown[];
  /** The subgraph's answer to `representations`, as the answer to the original list: entities and error paths per copy. */
  expand(answer: SubgraphAnswer): SubgraphAnswer;
};

type PathError = { path?: unknown };

/** The distinct representations of `variables.representations`, or undefined when there is nothing to merge. */
export function distinctRepresentations(variables: Record<string, unknown> | undefined): DistinctRepresentations | undefined {
  const all = variables?.representations;
  if (!Array.isArray(all) || all.length < 2) return undefined;
  const positions = new Map<string, number>();
  const representations: unknown[] = [];
  // The planner builds every representation of one call from the same key selection, so equal entities serialise alike.
  const distinctOf = all.map((representation) => {
    const key = JSON.stringify(representation);
    let position = positions.get(key);
    if (position === undefined) {
      position = representations.push(representation) - 1;
      positions.set(key, position);
    }
    return position;
  });
  if (representations.length === all.length) return undefined;
  const copiesOf = representations.map(() => [] as number[]);
  distinctOf.forEach((position, index) => copiesOf[position]!.push(index));

  return {
    representations,
    expand(answer) {
      const entities = answer.data?._entities;
      const data = Array.isArray(entities) ? { ...answer.data, _entities: distinctOf.map((position) => entities[position] ?? null) } : answer.data;
      // An error about one entity (`['_entities', i, …]`) is about each of its copies.
      const errors = answer.errors?.flatMap((error) => {
        const path = (error as PathError).path;
        if (!Array.isArray(path) || path[0] !== '_entities' || typeof path[1] !== 'number') return [error];
        return (copiesOf[path[1]] ?? []).map((index) => ({ ...(error as object), path: ['_entities', index, ...path.slice(2)] }));
      });
      return { ...answer, ...(data === undefined ? {} : { data }), ...(errors ? { errors } : {}) };
    },
  };
}
