/** Closed-loop HTTP load with autocannon: a fixed number of connections, each sending its next request on an answer. */
import autocannon from 'autocannon';
import type { Workload } from './workloads';

export type LoadResult = { rps: number; p50: number; p99: number; requests: number; failures: number };

/**
 * Posts `workload` to `url` for `seconds`. A response counts as a failure unless it is HTTP 200 with `data` and no
 * `errors`: a gateway that answers fast with errors must not look fast.
 */
export async function load(url: string, workload: Workload, { seconds, connections }: { seconds: number; connections: number }): Promise<LoadResult> {
  let failures = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const { token, variables } = workload.next();
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: workload.query, variables }),
          };
        },
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"') || !body.startsWith('{"data"')) failures++;
        },
      },
    ],
  });
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: failures + result.errors + result.timeouts,
  };
}
