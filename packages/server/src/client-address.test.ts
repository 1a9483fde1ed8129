/** The client address the gateway counts: X-Forwarded-For only through trusted proxies, and signed forwarding to subgraphs. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, clientAddressHeaders, clientAddressReader } from './client-address';

const request = (peer: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress: peer }, headers }) as unknown as IncomingMessage;

describe('client address', () => {
  it('is the socket peer, whatever X-Forwarded-For claims, without trusted proxies', () => {
    expect(clientAddressReader([])(request('198.51.100.4', { 'x-forwarded-for': '203.0.113.7' }))).toBe('198.51.100.4');
  });

  it('believes X-Forwarded-For only from a trusted proxy, up to the nearest address that is not one', () => {
    const read = clientAddressReader(['10.0.0.0/8']);
    expect(read(request('10.0.0.2', { 'x-forwarded-for': '203.0.113.7' }))).toBe('203.0.113.7');
    // A client prepending its own entry does not get past the last untrusted hop.
    expect(read(request('10.0.0.2', { 'x-forwarded-for': '192.0.2.1, 203.0.113.7, 10.0.0.9' }))).toBe('203.0.113.7');
    expect(read(request('198.51.100.4', { 'x-forwarded-for': '203.0.113.7' }))).toBe('198.51.100.4');
    expect(read(request('10.0.0.2'))).toBe('10.0.0.2');
  });

  it('is trusted by a subgraph only with the gateway signature', () => {
    const secret = 's'.repeat(32);
    const signed = clientAddressHeaders(secret, '203.0.113.7');
    expect(clientAddress(request('10.0.0.2', signed), secret)).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.2', { ...signed, 'x-caregraph-client-address': '192.0.2.1' }), secret)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', signed), 't'.repeat(32))).toBe('10.0.0.2');
    // Remembered signatures belong to their secret: another secret's for the same address is not the first's.
    const other = clientAddressHeaders('t'.repeat(32), '203.0.113.7');
    expect(other).not.toEqual(signed);
    expect(clientAddress(request('10.0.0.2', other), 't'.repeat(32))).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.2', other), secret)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', signed), secret)).toBe('203.0.113.7');
  });
});
