/** AccountService against its own real database: registration announces the patient id, only ADMIN creates accounts. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRevocationList, createTokenSigner } from '@caregraph/auth';
import { loadConfig } from '@caregraph/config';
import { openServiceTestDatabase, testViewer, type ServiceTestDatabase } from '@caregraph/testkit';
import { PrismaClient } from '../generated/prisma/client';
import { AccountService } from './accounts';
import { SessionService } from './sessions';
import { Throttle } from './throttle';

let db: ServiceTestDatabase<PrismaClient>;
let accounts: AccountService;
beforeAll(async () => {
  db = await openServiceTestDatabase('identity', (options) => new PrismaClient(options));
  const { jwt, throttle: settings } = loadConfig({});
  const throttle = Throttle.create({ throttle: settings });
  accounts = new AccountService(db.prisma, new SessionService(db.prisma, createTokenSigner(jwt), createMemoryRevocationList(), jwt, throttle), throttle, db.events);
});
afterAll(() => db?.close());

const email = () => `unit-${randomUUID().slice(0, 8)}@example.org`;
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));

describe('AccountService', () => {
  it('registers a PATIENT and announces the patient id carried by the token, in one transaction', async () => {
    const session = await accounts.register({ email: email(), password: 'long enough password', givenName: 'Ada', familyName: 'Byron', birthDate: '1990-12-10' }, '127.0.0.1');
    expect(session.viewer).toMatchObject({ role: 'PATIENT', patientId: session.user.patientId });
    const [event] = (await db.recorded('identity.user.registered')).filter((e) => e.aggregateId === session.user.id);
    expect(event?.payload).toMatchObject({ userId: session.user.id, patientId: session.user.patientId, givenName: 'Ada', phone: null });
  });

  it('refuses a rejected registration without writing anything', async () => {
    const before = { users: await db.prisma.user.count(), events: (await db.recorded()).length };
    expect(await codeOf(accounts.register({ email: email(), password: 'short', givenName: 'A', familyName: 'B', birthDate: '1990-01-01' }, '127.0.0.1'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(accounts.register({ email: 'not-an-email', password: 'long enough password', givenName: 'A', familyName: 'B', birthDate: '1990-01-01' }, '127.0.0.1'))).toBe('BAD_USER_INPUT');
    expect({ users: await db.prisma.user.count(), events: (await db.recorded()).length }).toEqual(before);
  });

  it('creates accounts for ADMIN only and checks what each role may be linked to', async () => {
    const input = { email: email(), password: 'long enough password', role: 'NURSE' as const, displayName: 'Nurse Unit' };
    expect(await codeOf(accounts.createUser(testViewer('DOCTOR'), input))).toBe('FORBIDDEN');
    expect(await codeOf(accounts.createUser(undefined, input))).toBe('UNAUTHENTICATED');
    expect(await codeOf(accounts.createUser(testViewer('ADMIN'), { ...input, patientId: randomUUID() }))).toBe('BAD_USER_INPUT');
    expect((await accounts.createUser(testViewer('ADMIN'), input)).role).toBe('NURSE');
    expect(await codeOf(accounts.createUser(testViewer('ADMIN'), input))).toBe('CONFLICT');
    expect(await codeOf(accounts.list(testViewer('NURSE'), {}))).toBe('FORBIDDEN');
  });
});
