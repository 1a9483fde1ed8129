/**
 * Events are never lost and never applied twice: the consuming side (or Redis itself) goes down while events are
 * produced, and every one is applied exactly once after it comes back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import jwt from 'jsonwebtoken';
import { afterAll, describe, expect, it } from 'vitest';
import { Metrics } from '@caregraph/observability';
import { createLogger, type SubgraphService } from '@caregraph/server';
import { MODES, eventually, freePort, realServicesMissing, startTestPlatform, type TestPlatform } from '@caregraph/testkit';
import { SUBGRAPHS } from '../src/subgraphs';

const servicesMissing = await realServicesMissing('event');
const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(existsSync);

type Prisma = {
  patient: { count(args: object): Promise<number> };
  outboxEvent: { count(args: object): Promise<number>; findMany(args: object): Promise<{ id: string; type: string; aggregateId: string | null; payload: object; createdAt: Date }[]> };
};

async function registerPatients(t: TestPlatform, count: number): Promise<string[]> {
  const patientIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const result = await t.request('mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }', {
      variables: { i: { email: `evt-${randomUUID().slice(0, 8)}@example.org`, password: 'events are durable', givenName: 'Eve', familyName: `Nt${i}`, birthDate: '1990-01-01' } },
    });
    expect(result.errors).toBeUndefined();
    patientIds.push((jwt.decode(result.data!.register.accessToken) as { patientId: string }).patientId);
  }
  return patientIds;
}

const reopen = (t: TestPlatform, name: 'patients'): Promise<SubgraphService> =>
  SUBGRAPHS.find((s) => s.name === name)!.create({
    config: t.config,
    revocations: t.platform.revocations,
    bus: t.platform.bus,
    live: t.platform.live,
    logger: createLogger('error'),
    metrics: new Metrics(name, { processMetrics: false }),
    migrate: true,
  });

describe.each(MODES)('event delivery (%s)', (mode) => {
  const skip = mode === 'postgres' && !!servicesMissing;
  let t: TestPlatform | undefined;
  afterAll(async () => {
    await t?.stop();
  });

  it.skipIf(skip)('applies every registration exactly once after the consuming context comes back', async () => {
    t = await startTestPlatform(mode);
    // The patients context goes down: its consumers stop and its database closes.
    await t.platform.services.patients!.close();
    const patientIds = await registerPatients(t, 10);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const revived = await reopen(t, 'patients');
    t.platform.services.patients = revived; // so that stop() closes the revived one
    const prisma = revived.prisma as Prisma;
    expect(await prisma.patient.count({ where: { id: { in: patientIds } } })).toBe(0);
    revived.start();
    await eventually(async () => expect(await prisma.patient.count({ where: { id: { in: patientIds } } })).toBe(10), 10_000);
    await t.platform.settle();

    // Redelivering every event changes nothing: the consumer is idempotent.
    const identity = t.platform.services.identity!.prisma as Prisma;
    const published = await identity.outboxEvent.findMany({ where: { type: 'identity.user.registered' } });
    for (const row of published)
      await t.platform.bus.publish({ id: row.id, type: row.type, aggregateId: row.aggregateId, occurredAt: row.createdAt.toISOString(), payload: row.payload as Record<string, unknown> });
    await t.platform.settle();
    expect(await prisma.patient.count({ where: { id: { in: patientIds } } })).toBe(10);
    const announced = await prisma.outboxEvent.count({ where: { type: 'patients.patient.registered', aggregateId: { in: patientIds } } });
    expect(announced).toBe(10);
    const status = await revived.status();
    expect(status.consumers['patients.registrations']).toMatchObject({ deadLettered: 0 });
    expect(status.outbox.pending).toBe(0);
  }, 60_000);
});

describe.skipIf(!!servicesMissing || !REDIS_SERVER)('event delivery when Redis itself goes down (PostgreSQL + a private Redis)', () => {
  let redis: ChildProcess | undefined;
  let t: TestPlatform | undefined;
  const startRedis = async (port: number) => {
    const child = spawn(REDIS_SERVER!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await eventually(async () => {
      const { Redis } = await import('ioredis');
      const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null }).on('error', () => undefined);
      try {
        await probe.connect();
      } finally {
        probe.disconnect();
      }
    }, 5_000);
    return child;
  };
  afterAll(async () => {
    await t?.stop().catch(() => undefined);
    redis?.kill('SIGKILL');
  });

  it('keeps events in the outbox while Redis is down and delivers each exactly once when it is back', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    t = await startTestPlatform('postgres', { env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis!.once('exit', resolve));

    const patientIds = await registerPatients(t, 5);
    const identity = t.platform.services.identity!;
    // Until the relay has tried (and failed) to publish them, the five are pending with no attempts yet.
    await eventually(async () => {
      const { outbox } = await identity.status();
      expect(outbox.pending).toBe(5);
      expect(outbox.failing).toBeGreaterThan(0);
    }, 10_000);
    const gatewayReady = (await (await fetch(t.url.replace('/graphql', '/ready'))).json()) as { events: { identity: { outbox: { pending: number } } } };
    expect(gatewayReady.events.identity.outbox.pending).toBe(5);

    redis = await startRedis(port); // an empty Redis: nothing survived, the outbox still has everything
    const prisma = t.platform.services.patients!.prisma as Prisma;
    await eventually(async () => expect(await prisma.patient.count({ where: { id: { in: patientIds } } })).toBe(5), 20_000);
    await t.platform.settle(20_000);
    expect(await prisma.outboxEvent.count({ where: { type: 'patients.patient.registered', aggregateId: { in: patientIds } } })).toBe(5);
    expect((await identity.status()).outbox).toEqual({ pending: 0, failing: 0 });
  }, 90_000);
});
