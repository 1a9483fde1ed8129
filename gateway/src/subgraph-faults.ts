/**
 * Subgraph faults at the gateway: each subgraph call gets a time budget and goes through that subgraph's circuit
 * breaker (cockatiel), at about a microsecond a call when all is well. A call that fails answers a GraphQL body whose
 * errors say which context is unavailable, with the paths of the fields it would have resolved, so the other
 * contexts' data still reaches the client.
 */
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleAll } from 'cockatiel';
import { Kind, parse, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { SubgraphFaultLimits } from '@caregraph/config';
import { ErrorCode } from '@caregraph/errors';
import type { Logger } from '@caregraph/server';

/** What the gateway asks one subgraph: its operation and variables. */
export type SubgraphRequest = { query?: string; variables?: Record<string, unknown> };

/** A subgraph's GraphQL answer, as the query plan reads it. */
export type SubgraphAnswer = { data?: Record<string, unknown> | null; errors?: readonly unknown[]; extensions?: Record<string, unknown> };

/** One attempt at a call: resolves with the subgraph's answer, rejects when there is none (refused, reset, aborted by `signal`, 5xx without a GraphQL body). */
export type SubgraphAttempt = (signal: AbortSignal) => Promise<SubgraphAnswer>;

export type CircuitStatus = 'closed' | 'open' | 'half-open';

export type SubgraphFaults = {
  /** Runs calls to the subgraph `name` within the time budget and through that subgraph's breaker. */
  guard(name: string): (request: SubgraphRequest, attempt: SubgraphAttempt) => Promise<SubgraphAnswer>;
  /** Each guarded subgraph's circuit, for `/ready`. */
  circuits(): Record<string, CircuitStatus>;
};

const STATUS: Record<CircuitState, CircuitStatus> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/** The call took longer than SUBGRAPH_TIMEOUT_MS (the abort reason, which the HTTP client rejects with). */
class SubgraphTimeout extends Error {}

/** A subgraph (or a proxy in front of it) answered 5xx without a GraphQL body: the service is not answering. */
export class SubgraphHttpError extends Error {
  constructor(readonly status: number) {
    super(`answered HTTP ${status}`);
  }
}

export function createSubgraphFaults(limits: SubgraphFaultLimits, logger: Logger): SubgraphFaults {
  const breakers = new Map<string, { state: CircuitState }>();
  return {
    circuits: () => Object.fromEntries([...breakers].map(([name, breaker]) => [name, STATUS[breaker.state]])),
    guard(name) {
      const breaker = circuitBreaker(handleAll, { halfOpenAfter: limits.breakerCooldownMs, breaker: new ConsecutiveBreaker(limits.breakerFailures) });
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
      const deadline = deadlineSignals(limits.timeoutMs);
      return async (request, attempt) => {
        try {
          return await breaker.execute(() => attempt(deadline()));
        } catch (error) {
          return unavailableAnswer(name, request, reasonOf(error, limits));
        }
      };
    },
  };
}

/**
 * Deadline signals for calls to one subgraph, shared by every call that starts within the same tenth of the budget:
 * each such group's signal aborts once the youngest of its calls has had the whole budget, so a call gets between
 * 100% and 110% of it. An AbortController and a timer per call would cost several µs each time; this costs one per
 * group. The attempt must honour the signal (undici does); the signal aborts long after a finished call's body has
 * been read.
 */
function deadlineSignals(timeoutMs: number): () => AbortSignal {
  const width = Math.max(1, Math.ceil(timeoutMs / 10));
  let group: { signal: AbortSignal; until: number } | undefined;
  return () => {
    const now = Date.now();
    if (!group || now >= group.until) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new SubgraphTimeout()), width + timeoutMs).unref();
      group = { signal: controller.signal, until: now + width };
    }
    return group.signal;
  };
}

function reasonOf(error: unknown, limits: SubgraphFaultLimits): string {
  if (error instanceof BrokenCircuitError) return 'its circuit is open after repeated failures';
  if (error instanceof SubgraphTimeout || (error instanceof Error && error.name === 'AbortError')) return `it did not answer within ${limits.timeoutMs} ms`;
  if (error instanceof SubgraphHttpError) return `it ${error.message}`;
  return 'it is not reachable';
}

/**
 * The subgraph's answer when it could not give one: no data, and an error per field it was asked for (per entity for
 * `_entities`), which the gateway maps onto the client's paths. Fields the client marked non-null bubble up as usual.
 */
function unavailableAnswer(service: string, request: SubgraphRequest, reason: string): SubgraphAnswer {
  const message = `The ${service} service is unavailable (${reason}): its fields are missing from this answer. Try again shortly.`;
  const extensions = { code: ErrorCode.SERVICE_UNAVAILABLE, service };
  const paths = requestedPaths(request);
  return { data: null, errors: paths.length ? paths.map((path) => ({ message, path, extensions })) : [{ message, extensions }] };
}

/** Paths of the top-level fields a subgraph operation asks for: `[field]`, or `['_entities', i, field]` per entity. */
export function requestedPaths({ query, variables }: SubgraphRequest): (string | number)[][] {
  try {
    const document = parse(query ?? '');
    const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation) return [];
    const roots = fieldsOf(operation.selectionSet, fragments);
    const entities = roots.length === 1 && roots[0]!.name === '_entities' ? roots[0]!.selectionSet : undefined;
    if (!entities) return roots.map((field) => [field.responseName]);
    const fields = [...new Set(fieldsOf(entities, fragments).map((field) => field.responseName))];
    const representations = Array.isArray(variables?.representations) ? variables.representations : [];
    return representations.flatMap((_, index) => fields.map((field) => ['_entities', index, field]));
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
