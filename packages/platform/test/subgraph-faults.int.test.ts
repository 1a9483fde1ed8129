/**
 * A subgraph process killed during a burst of requests, in services mode (each context its own production process on
 * PostgreSQL and Redis): the other contexts keep answering, the killed one's fields come back SERVICE_UNAVAILABLE,
 * and once it is restarted on the same port the answers are whole again without restarting the gateway.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_NAMES, envSuffix, type ContextName } from '@caregraph/config';
import { createRunState, eventually, freePort, realServicesMissing, startProcess, waitUntilOk, type RunState, type ServiceProcess } from '@caregraph/testkit';

const missing = await realServicesMissing('subgraph faults');

// Only what `me { patient { givenName appointments labOrders } }` needs; the other contexts' URLs lead nowhere.
const RUNNING: ContextName[] = ['identity', 'patients', 'scheduling', 'lab'];
const COOLDOWN_MS = 1000;
const QUERY = '{ me { patient { givenName appointments { start } labOrders { status } } } }';

type Answer = { status: number; data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };

async function post(url: string, query: string, variables: object = {}, token?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

describe.skipIf(!!missing)('subgraph faults in services mode (a killed lab process)', () => {
  let run: RunState;
  let env: Record<string, string>;
  const processes: ServiceProcess[] = [];
  let gateway: ServiceProcess;
  let gatewayUrl: string;
  let labPort: number;
  const startLab = () => startProcess('packages/platform/src/subgraph-main.ts', { ...env, PORT_LAB: String(labPort) }, ['lab']);

  beforeAll(async () => {
    run = await createRunState(RUNNING);
    env = { ...run.env, NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn' };
    const migrate = startProcess('packages/db/src/cli/migrate.ts', env);
    expect(await migrate.exited, migrate.output()).toBe(0);

    const gatewayEnv: Record<string, string> = {
      ...env,
      LOG_LEVEL: 'info',
      GATEWAY_PORT: String(await freePort()),
      SUBGRAPH_BREAKER_FAILURES: '3',
      SUBGRAPH_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
      SUBGRAPH_TIMEOUT_MS: '3000',
    };
    for (const name of CONTEXT_NAMES) {
      const port = await freePort();
      gatewayEnv[`SUBGRAPH_URL_${envSuffix(name)}`] = `http://127.0.0.1:${port}/graphql`;
      if (name === 'lab') labPort = port;
      if (name === 'lab') processes.push(startLab());
      else if (RUNNING.includes(name)) processes.push(startProcess('packages/platform/src/subgraph-main.ts', { ...env, [`PORT_${envSuffix(name)}`]: String(port) }, [name]));
    }
    gateway = startProcess('packages/platform/src/gateway-main.ts', gatewayEnv);
    processes.push(gateway);
    gatewayUrl = `http://127.0.0.1:${gatewayEnv.GATEWAY_PORT}/graphql`;
    await waitUntilOk(gatewayUrl.replace('/graphql', '/health'));
    for (const name of RUNNING) await waitUntilOk(gatewayEnv[`SUBGRAPH_URL_${envSuffix(name)}`]!.replace('/graphql', '/ready'));
  }, 120_000);

  afterAll(async () => {
    const codes = await Promise.all(processes.map((p) => p.stop()));
    await run?.drop();
    expect(codes.every((code) => code === 0), processes.map((p) => p.output()).join('\n')).toBe(true);
  });

  it("keeps the patient's name and appointments while lab is down, and is whole again after lab restarts", async () => {
    const registered = await post(gatewayUrl, 'mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }', {
      i: { email: `faults-${randomBytes(4).toString('hex')}@example.org`, password: 'faults are ordinary', givenName: 'Fault', familyName: 'Tolerant', birthDate: '1980-01-01' },
    });
    const token = registered.data?.register.accessToken as string;
    const whole = { me: { patient: { givenName: 'Fault', appointments: [], labOrders: [] } } };
    // The patient record arrives through the patients context's consumer.
    await eventually(async () => expect(await post(gatewayUrl, QUERY, {}, token)).toEqual({ status: 200, data: whole }), 20_000, 200);

    // A burst from four clients; lab is killed (no graceful shutdown) in the middle of it.
    const answers: Answer[] = [];
    let bursting = true;
    const client = async () => {
      while (bursting) answers.push(await post(gatewayUrl, QUERY, {}, token));
    };
    const clients = Array.from({ length: 4 }, client);
    await eventually(async () => expect(answers.length).toBeGreaterThanOrEqual(8), 20_000, 50);
    const beforeKill = answers.length;
    const lab = processes.find((p) => p.child.spawnargs.includes('lab'))!;
    lab.child.kill('SIGKILL');
    await lab.exited;
    processes.splice(processes.indexOf(lab), 1);
    await new Promise((resolve) => setTimeout(resolve, 2 * COOLDOWN_MS + 500));
    bursting = false;
    await Promise.all(clients);

    const partial = {
      status: 200,
      data: { me: { patient: { givenName: 'Fault', appointments: [], labOrders: null } } },
      errors: [
        {
          message: expect.stringMatching(/^The lab service is unavailable \((it is not reachable|its circuit is open after repeated failures)\)/),
          path: ['me', 'patient', 'labOrders'],
          extensions: { code: 'SERVICE_UNAVAILABLE', service: 'lab', serviceName: 'lab', requestId: expect.any(String) },
        },
      ],
    };
    // Every answer of the burst is whole or carries exactly the lab error; none fails whole or is masked.
    for (const answer of answers) expect(answer).toEqual(answer.errors ? partial : { status: 200, data: whole });
    const failed = answers.filter((a) => a.errors);
    expect(answers.slice(0, beforeKill).every((a) => !a.errors)).toBe(true);
    expect(failed.length).toBeGreaterThan(10);
    expect(failed.some((a) => a.errors![0]!.message.includes('circuit is open'))).toBe(true);

    const ready = await fetch(gatewayUrl.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'degraded', subgraphs: { lab: 'down (unreachable)', patients: 'up' }, circuits: { lab: 'open', patients: 'closed' } });

    // The same port, no gateway restart: whole again within the cool-down and a moment.
    processes.push(startLab());
    await waitUntilOk(`http://127.0.0.1:${labPort}/health`);
    const back = Date.now();
    await eventually(async () => expect(await post(gatewayUrl, QUERY, {}, token)).toEqual({ status: 200, data: whole }), COOLDOWN_MS + 5_000, 100);
    expect(Date.now() - back).toBeLessThan(COOLDOWN_MS + 5_000);
    expect(await (await fetch(gatewayUrl.replace('/graphql', '/ready'))).json()).toMatchObject({ circuits: { lab: 'closed' } });

    // The gateway said it once per state change, not once per failed request.
    const circuitLines = gateway.output().split('\n').filter((line) => line.includes('subgraph circuit'));
    expect(circuitLines.filter((line) => line.includes('circuit open')).length).toBeGreaterThanOrEqual(1);
    expect(circuitLines.filter((line) => line.includes('circuit closed')).length).toBe(1);
    expect(circuitLines.length).toBeLessThan(failed.length / 2);
    expect(circuitLines.every((line) => JSON.parse(line).subgraph === 'lab')).toBe(true);
  }, 150_000);
});
