/** The client's network address as the gateway saw it, forwarded to subgraphs and trusted only when the gateway signed it. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export const CLIENT_ADDRESS_HEADER = 'x-caregraph-client-address';
export const CLIENT_ADDRESS_SIGNATURE_HEADER = 'x-caregraph-client-address-signature';

/** How many addresses' signatures a process remembers; the oldest is forgotten first. */
const REMEMBERED_SIGNATURES = 10_000;
const signatures = new Map<string, { secret: string; signature: string }>();

/**
 * The gateway signs the address of every request and every subgraph checks it on every call, over the same few
 * addresses: a signature is a function of the secret and the address alone, so each process remembers it (an HMAC
 * was 1 % of the gateway's time under W1, docs/performance.md).
 */
function sign(secret: string, address: string): string {
  const known = signatures.get(address);
  if (known?.secret === secret) return known.signature;
  const signature = createHmac('sha256', secret).update(address).digest('base64url');
  if (signatures.size >= REMEMBERED_SIGNATURES) signatures.delete(signatures.keys().next().value!);
  signatures.set(address, { secret, signature });
  return signature;
}

/** Headers the gateway adds to every subgraph fetch; a signature rather than the secret, so a logged header proves nothing else. */
export function clientAddressHeaders(secret: string | undefined, address: string | undefined): Record<string, string> {
  if (!secret || !address) return {};
  return { [CLIENT_ADDRESS_HEADER]: address, [CLIENT_ADDRESS_SIGNATURE_HEADER]: sign(secret, address) };
}

/**
 * The address a throttle should count: the forwarded one when its signature holds, else the socket's peer. A caller
 * that reaches a subgraph directly cannot choose its address, so it cannot spend someone else's budget.
 */
export function clientAddress(request: IncomingMessage, secret: string | undefined): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  const forwarded = request.headers[CLIENT_ADDRESS_HEADER];
  const signature = request.headers[CLIENT_ADDRESS_SIGNATURE_HEADER];
  if (!secret || typeof forwarded !== 'string' || typeof signature !== 'string') return peer;
  const expected = Buffer.from(sign(secret, forwarded));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? forwarded : peer;
}

/**
 * How the gateway reads a client's address (rate limits and the address it forwards): the socket's peer, or, when
 * that peer is one of `trustedProxies`, the nearest address in `X-Forwarded-For` that is not a trusted proxy.
 * Without trusted proxies the header is ignored, so a client cannot pick the address it is counted by.
 */
export function clientAddressReader(trustedProxies: readonly string[]): (request: IncomingMessage) => string {
  if (trustedProxies.length === 0) return (request) => request.socket.remoteAddress ?? 'unknown';
  const trust = proxyaddr.compile([...trustedProxies]);
  return (request) => proxyaddr(request, trust);
}
