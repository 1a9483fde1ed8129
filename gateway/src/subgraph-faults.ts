/**
 * Subgraph faults at the gateway: each subgraph call gets a time budget and goes through that subgraph's circuit
 * breaker (cockatiel); a call that fails answers a GraphQL body whose errors say which context is unavailable, with
 * the paths of the fields it would have resolved, so the other contexts' data still reaches the client.
 */
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, TaskCancelledError, TimeoutStrategy, circuitBreaker, handleAll, timeout, wrap } from 'cockatiel';
import { Kind, parse, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { SubgraphFaultLimits } from '@caregraph/config';
import { ErrorCode } from '@caregraph/errors';
import type { Logger } from '@caregraph/server';

/** The shape of `fetch` that Apollo's data sources call: whatever client sends the request can be guarded. */
export type SubgraphFetch = (url: string, init?: RequestInit) => Promise<Response>;

export type CircuitStatus = 'closed' | 'open' | 'half-open';

export type SubgraphFaults = {
  /** `fetcher` for the subgraph `name`, with the time budget and that subgraph's breaker around every call. */
  guard(name: string, fetcher: SubgraphFetch): SubgraphFetch;
  /** Each guarded subgraph's circuit, for `/ready`. */
  circuits(): Record<string, CircuitStatus>;
};

const STATUS: Record<CircuitState, CircuitStatus> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/** A subgraph (or a proxy in front of it) answered 5xx without a GraphQL body: the service is not answering. */
class SubgraphHttpError extends Error {
  constructor(readonly status: number) {
    super(`answered HTTP ${status}`);
  }
}

export function createSubgraphFaults(limits: SubgraphFaultLimits, logger: Logger): SubgraphFaults {
  const breakers = new Map<string, { state: CircuitState }>();
  return {
    circuits: () => Object.fromEntries([...breakers].map(([name, breaker]) => [name, STATUS[breaker.state]])),
    guard(name, fetcher) {
      const breaker = circuitBreaker(handleAll, { halfOpenAfter: limits.breakerCooldownMs, breaker: new ConsecutiveBreaker(limits.breakerFailures) });
      // Aggressive: the budget holds even for a client that ignores the signal. Not aborted on return, so the body
      // (already on its way once headers arrived) can still be read.
      const policy = wrap(breaker, timeout(limits.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false }));
      breakers.set(name, breaker);
      // Once per state change, never per request.
      breaker.onStateChange((state) => {
        if (state === CircuitState.Open)
          logger.warn('subgraph circuit open: its fields answer SERVICE_UNAVAILABLE at once', {
            subgraph: name,
            reason: reasonOf(breaker.lastFailure && 'error' in breaker.lastFailure ? breaker.lastFailure.error : undefined, limits),
            probeInMs: limits.breakerCooldownMs,
          });
        else if (state === CircuitState.HalfOpen) logger.info('subgraph circuit half-open: one probe call', { subgraph: name });
        else if (state === CircuitState.Closed) logger.info('subgraph circuit closed: answering again', { subgraph: name });
      });
      return async (url, init) => {
        try {
          return await policy.execute(async ({ signal }) => {
            const response = await fetcher(url, { ...init, signal });
            if (response.status >= 500) throw new SubgraphHttpError(response.status);
            return response;
          }, init?.signal ?? undefined);
        } catch (error) {
          return unavailableAnswer(name, init?.body, reasonOf(error, limits));
        }
      };
    },
  };
}

function reasonOf(error: unknown, limits: SubgraphFaultLimits): string {
  if (error instanceof BrokenCircuitError) return 'its circuit is open after repeated failures';
  if (error instanceof TaskCancelledError) return `it did not answer within ${limits.timeoutMs} ms`;
  if (error instanceof SubgraphHttpError) return `it ${error.message}`;
  return 'it is not reachable';
}

/**
 * The subgraph's answer when it could not give one: no data, and an error per field it was asked for (per entity for
 * `_entities`), which the gateway maps onto the client's paths. Fields the client marked non-null bubble up as usual.
 */
function unavailableAnswer(service: string, body: unknown, reason: string): Response {
  const message = `The ${service} service is unavailable (${reason}): its fields are missing from this answer. Try again shortly.`;
  const extensions = { code: ErrorCode.SERVICE_UNAVAILABLE, service };
  const paths = requestedPaths(body);
  const errors = paths.length ? paths.map((path) => ({ message, path, extensions })) : [{ message, extensions }];
  return new Response(JSON.stringify({ data: null, errors }), { status: 200, headers: { 'content-type': 'application/json' } });
}

/** Paths of the top-level fields a subgraph operation asks for: `[field]`, or `['_entities', i, field]` per entity. */
export function requestedPaths(body: unknown): (string | number)[][] {
  try {
    const { query, variables } = JSON.parse(String(body)) as { query: string; variables?: { representations?: unknown[] } };
    const document = parse(query);
    const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation) return [];
    const roots = fieldsOf(operation.selectionSet, fragments);
    const entities = roots.length === 1 && roots[0]!.name === '_entities' ? roots[0]!.selectionSet : undefined;
    if (!entities) return roots.map((field) => [field.responseName]);
    const fields = [...new Set(fieldsOf(entities, fragments).map((field) => field.responseName))];
    return (variables?.representations ?? []).flatMap((_, index) => fields.map((field) => ['_entities', index, field]));
  } catch {
    return [];
  }
}

type SelectedField = { name: string; responseName: string; selectionSet?: SelectionSetNode };

function fieldsOf(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): SelectedField[] {
  return selectionSet.selections.flatMap((selection): SelectedField[] => {
    if (selection.kind === Kind.FIELD)
      return selection.name.value === '__typename'
        ? []
        : [{ name: selection.name.value, responseName: selection.alias?.value ?? selection.name.value, ...(selection.selectionSet ? { selectionSet: selection.selectionSet } : {}) }];
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
    return fragment ? fieldsOf(fragment.selectionSet, fragments) : [];
  });
}
