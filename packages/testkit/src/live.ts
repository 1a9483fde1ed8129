/** A real graphql-ws client for tests and benchmarks: subscribe through the gateway's WebSocket, collect what arrives. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResponse } from './platform';

export type LiveClient = {
  client: Client;
  /** Resolves with the close code and reason once the server closes the socket. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the server acknowledged `connection_init`. */
  connected: Promise<void>;
  dispose(): Promise<void>;
};

/** Opens one connection with `token` in `connection_init` (none: an anonymous attempt); it never retries, so a close is seen. */
export function openLiveClient(httpUrl: string, token?: string, connectionParams?: Record<string, unknown>): LiveClient {
  let closedWith!: (close: { code: number; reason: string }) => void;
  let connectedNow!: () => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedWith = resolve));
  const connected = new Promise<void>((resolve) => (connectedNow = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: connectionParams ?? (token ? { authorization: `Bearer ${token}` } : {}),
    on: {
      connected: () => connectedNow(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: unknown };
        closedWith({ code, reason: String(reason) });
      },
    },
    // A refused connection must not be logged as an unhandled error by the client.
    onNonLazyError: () => undefined,
  });
  return { client, closed, connected, dispose: () => client.dispose() as Promise<void> };
}

export type LiveSubscription<Data> = {
  /** Every payload so far. */
  events: GraphQLResponse<Data>[];
  /** The next payload not yet taken by `next` (waits up to `timeoutMs`). */
  next(timeoutMs?: number): Promise<GraphQLResponse<Data>>;
  /** Resolves with the errors of an `error` message, or nothing when the subscription completes. */
  ended: Promise<readonly { message: string; extensions?: { code?: string } }[] | undefined>;
  unsubscribe(): void;
};

export function subscribe<Data = Record<string, any>>(live: LiveClient, query: string, variables: Record<string, unknown> = {}): LiveSubscription<Data> {
  const events: GraphQLResponse<Data>[] = [];
  let taken = 0;
  const waiters: (() => void)[] = [];
  let endedWith!: (errors: readonly { message: string; extensions?: { code?: string } }[] | undefined) => void;
  const ended = new Promise<readonly { message: string; extensions?: { code?: string } }[] | undefined>((resolve) => (endedWith = resolve));
  const unsubscribe = live.client.subscribe<Data>(
    { query, variables },
    {
      next: (value) => {
        events.push(value as GraphQLResponse<Data>);
        for (const wake of waiters.splice(0)) wake();
      },
      error: (error) => endedWith(Array.isArray(error) ? error : [{ message: error instanceof Error ? error.message : JSON.stringify(error) }]),
      complete: () => endedWith(undefined),
    },
  );
  return {
    events,
    ended,
    unsubscribe,
    // Generous: a test waits this long only when an event is missing, and a busy CI machine is slow.
    async next(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length <= taken) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no subscription event within ${timeoutMs} ms (${events.length} received)`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => (clearTimeout(timer), resolve()));
        });
      }
      return events[taken++]!;
    },
  };
}
