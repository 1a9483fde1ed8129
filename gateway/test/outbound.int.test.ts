/**
 * Nothing leaves a deployment that its operator did not configure. @apollo/gateway, left to itself, reports usage to
 * Apollo's servers and probes cloud metadata addresses (docs/security.md, "Outbound connections"); the platform turns
 * that off. Every HTTP request the process starts, from start to stop, is seen here through Node's own diagnostics
 * channel, whoever makes it.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '@caregraph/testkit';

const LOCAL = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

describe('outbound connections', () => {
  const hosts: string[] = [];
  const seen = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    hosts.push(String(request.host ?? request.getHeader('host')).replace(/:\d+$/, ''));
  };
  subscribe('http.client.request.start', seen);
  afterAll(() => unsubscribe('http.client.request.start', seen));

  it('are made to no one but the platform itself, from start to stop', async () => {
    const t = await startTestPlatform('embedded');
    try {
      const token = await t.login('admin@demo.test');
      expect((await t.request('{ patients(first: 2) { totalCount } }', { token })).errors).toBeUndefined();
    } finally {
      await t.stop();
    }
    // Exporters give up quietly in the background; what they started is on the channel at once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hosts.filter((host) => !LOCAL.has(host))).toEqual([]);
  });
});
