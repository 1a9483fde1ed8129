/** `npm start` as a newcomer runs it: the embedded platform starts from nothing, prints where it is, and keeps its data. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePlatformPorts, freePort, startProcess } from '@caregraph/testkit';

const dataDir = mkdtempSync(join(tmpdir(), 'caregraph-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function post(url: string, query: string, variables: object = {}, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';

describe('npm start (embedded)', () => {
  it('starts every subgraph and the gateway, prints a banner, seeds once and keeps data across restarts', async () => {
    const env = { CAREGRAPH_DATA_DIR: dataDir, ...(await freePlatformPorts()) };
    const first = startProcess('packages/platform/src/main.ts', env);
    try {
      const [, url] = (await first.waitFor(/GraphQL API\s+(\S+)/)) as RegExpMatchArray;
      expect(first.output()).toMatch(/GraphQL IDE/);
      expect(first.output()).toContain('admin@demo.test');
      const ready = await fetch(url!.replace('/graphql', '/ready'));
      expect(await ready.json()).toMatchObject({ status: 'ready', schema: 'composed', subgraphs: { identity: 'up' } });

      const admin = await post(url!, LOGIN, { e: 'admin@demo.test', p: 'demo-password' });
      const me = await post(url!, '{ me { email role } }', {}, admin.data.login.accessToken);
      expect(me.data).toEqual({ me: { email: 'admin@demo.test', role: 'ADMIN' } });
      const registered = await post(url!, 'mutation ($i: RegisterInput!) { register(input: $i) { user { email } } }', {
        i: { email: 'restart@example.org', password: 'survives restarts', givenName: 'Re', familyName: 'Start', birthDate: '1980-01-01' },
      });
      expect(registered.errors).toBeUndefined();
    } finally {
      expect(await first.stop(), first.output()).toBe(0);
    }

    const second = startProcess('packages/platform/src/main.ts', env);
    try {
      const [, url] = (await second.waitFor(/GraphQL API\s+(\S+)/)) as RegExpMatchArray;
      const again = await post(url!, LOGIN, { e: 'restart@example.org', p: 'survives restarts' });
      expect(again.errors).toBeUndefined();
      const admin = await post(url!, LOGIN, { e: 'admin@demo.test', p: 'demo-password' });
      const users = await post(url!, '{ users(first: 100) { totalCount } }', {}, admin.data.login.accessToken);
      expect(users.data.users.totalCount).toBe(11); // ten demo accounts, seeded once, and the registered one
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('refuses to start in production with the development JWT secret', async () => {
    const production = startProcess('packages/platform/src/main.ts', { NODE_ENV: 'production', CAREGRAPH_DATA_DIR: dataDir, GATEWAY_PORT: String(await freePort()) });
    expect(await production.exited).toBe(1);
    expect(production.output()).toMatch(/JWT_SECRET: production refuses the development JWT secret/);
    expect(production.output()).not.toMatch(/Caregraph is running/);
  }, 60_000);
});
