/** SessionService against its own real database: refresh tokens rotate, a reused one ends the session, logout revokes at once. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRevocationList, createTokenSigner, type RevocationList } from '@caregraph/auth';
import { loadConfig } from '@caregraph/config';
import { openServiceTestDatabase, type ServiceTestDatabase } from '@caregraph/testkit';
import { PrismaClient } from '../generated/prisma/client';
import { hashPassword } from './passwords';
import { SessionService } from './sessions';
import { Throttle } from './throttle';

let db: ServiceTestDatabase<PrismaClient>;
let sessions: SessionService;
let revocations: RevocationList;
beforeAll(async () => {
  db = await openServiceTestDatabase('identity', (options) => new PrismaClient(options));
  const { jwt, throttle } = loadConfig({});
  revocations = createMemoryRevocationList();
  sessions = new SessionService(db.prisma, createTokenSigner(jwt), revocations, jwt, Throttle.create({ throttle }));
});
afterAll(() => db?.close());

const PASSWORD = 'session test password';
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));
async function account() {
  const email = `session-${randomUUID().slice(0, 8)}@example.org`;
  await db.prisma.user.create({ data: { id: randomUUID(), email, passwordHash: await hashPassword(PASSWORD), role: 'NURSE', displayName: 'Session Test' } });
  return email;
}

describe('SessionService', () => {
  it('signs in with the right password only, answering a wrong one and an unknown email alike', async () => {
    const email = await account();
    const session = await sessions.login(email, PASSWORD, '127.0.0.1');
    expect(session.viewer).toMatchObject({ role: 'NURSE', userId: session.user.id });
    expect(await codeOf(sessions.login(email, 'not the password', '127.0.0.1'))).toBe('UNAUTHENTICATED');
    expect(await codeOf(sessions.login(`nobody-${randomUUID()}@example.org`, PASSWORD, '127.0.0.1'))).toBe('UNAUTHENTICATED');
  });

  it('rotates refresh tokens, and a reused one ends the whole session', async () => {
    const first = await sessions.login(await account(), PASSWORD, '127.0.0.1');
    const second = await sessions.refresh(first.refreshToken);
    expect(second.viewer.sessionId).toBe(first.viewer.sessionId);
    expect(await codeOf(sessions.refresh(first.refreshToken))).toBe('UNAUTHENTICATED');
    // The reuse revoked the family: the token handed out by the good rotation is dead too, and so is the session.
    expect(await codeOf(sessions.refresh(second.refreshToken))).toBe('UNAUTHENTICATED');
    expect(await revocations.isAnyRevoked([second.viewer.sessionId])).toBe(true);
  });

  it('logs out: the access token id and the session are revoked and the refresh token stops working', async () => {
    const session = await sessions.login(await account(), PASSWORD, '127.0.0.1');
    await sessions.logout(session.viewer);
    expect(await revocations.isAnyRevoked([session.viewer.tokenId])).toBe(true);
    expect(await revocations.isAnyRevoked([session.viewer.sessionId])).toBe(true);
    expect(await codeOf(sessions.refresh(session.refreshToken))).toBe('UNAUTHENTICATED');
  });
});
