/**
 * The platform under infrastructure faults, each on a Redis or PostgreSQL of the test's own (the shared ones are never
 * stopped): Redis killed during writes loses nothing that was acknowledged and delivers the events once it is back;
 * PostgreSQL restarted under a running platform is reconnected to without restarting anything.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, realServicesMissing, startTestPlatform, type TestPlatform } from '@caregraph/testkit';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const missing = await realServicesMissing('infrastructure faults');
const redisServerMissing = spawnSync('redis-server', ['--version']).status !== 0;
const postgresMissing = !existsSync(`${PG_BIN}/initdb`) || !existsSync(`${PG_BIN}/pg_ctl`);
if (redisServerMissing) console.warn('Skipping the Redis outage test: redis-server is not installed (apt-get install redis-server).');
if (postgresMissing) console.warn(`Skipping the PostgreSQL restart test: ${PG_BIN}/initdb and pg_ctl are not installed (apt-get install postgresql-15).`);

const REGISTER = 'mutation ($i: RegisterInput!) { register(input: $i) { user { patient { id } } } }';
let registrations = 0;
const registration = () => ({
  i: { email: `outage-${process.pid}-${++registrations}@example.org`, password: 'outages happen daily', givenName: 'Out', familyName: 'Age', birthDate: '1970-07-07' },
});

/** A Redis of this test's own, append-only with fsync on every write (as production runs it), killable at will. */
function ownRedis(port: number, dir: string) {
  let child: ChildProcess | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
      await eventually(async () => {
        const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null }).on('error', () => undefined);
        try {
          await probe.connect();
          await probe.ping();
        } finally {
          probe.disconnect();
        }
      }, 10_000, 50);
    },
    /** A crash, not a shutdown: only what was fsynced survives. */
    async kill() {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child!.kill('SIGKILL');
      await exited;
    },
  };
}

describe.skipIf(!!missing || redisServerMissing)('Redis killed during writes (postgres mode, a Redis of its own)', () => {
  let t: TestPlatform;
  let redis: ReturnType<typeof ownRedis>;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caregraph-redis-'));
    redis = ownRedis(await freePort(), dir);
    await redis.start();
    t = await startTestPlatform('postgres', { env: { REDIS_URL: redis.url, REGISTRATIONS_PER_ADDRESS: '1000' } });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await redis?.kill().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged registration: every patient record is created once Redis is back', async () => {
    const admin = await t.login('admin@demo.test');
    const acknowledged: string[] = [];
    const refused: string[] = [];
    let writing = true;
    const writer = async () => {
      while (writing) {
        const result = await t.request<{ register: { user: { patient: { id: string } } } }>(REGISTER, { variables: registration() });
        if (result.data?.register) acknowledged.push(result.data.register.user.patient.id);
        else refused.push(String(result.errors?.[0]?.extensions?.code));
      }
    };
    const outbox = async () => {
      const ready = (await (await fetch(t.url.replace('/graphql', '/ready'))).json()) as { events: Record<string, { outbox: { pending: number } }> };
      return ready.events.identity!.outbox.pending;
    };
    const writers = Array.from({ length: 3 }, writer);
    await eventually(async () => expect(acknowledged.length).toBeGreaterThanOrEqual(3), 30_000, 50);
    await redis.kill();
    const atKill = acknowledged.length;
    // Registration needs no Redis (its throttle falls back to memory): writes go on, their events wait in the outbox.
    await eventually(async () => expect(acknowledged.length).toBeGreaterThanOrEqual(atKill + 3), 30_000, 100);
    expect(await outbox()).toBeGreaterThan(0);
    const beforeRestart = acknowledged.length;
    await redis.start();
    await eventually(async () => expect(acknowledged.length).toBeGreaterThanOrEqual(beforeRestart + 3), 30_000, 100);
    writing = false;
    await Promise.all(writers);
    // Any refusal is a clean one, never a half-done write (checked below: every acknowledged one is complete).
    expect(refused.filter((code) => code !== 'SERVICE_UNAVAILABLE' && code !== 'INTERNAL_SERVER_ERROR')).toEqual([]);

    // Each acknowledged registration reaches the patients context through the outbox and the Redis stream.
    const query = `{ ${acknowledged.map((id, i) => `p${i}: patient(id: "${id}") { id }`).join(' ')} }`;
    await eventually(async () => {
      const result = await t.request<Record<string, { id: string } | null>>(query, { token: admin });
      expect(acknowledged.filter((_, i) => !result.data?.[`p${i}`])).toEqual([]);
    }, 30_000, 250);
    await eventually(async () => expect(await outbox()).toBe(0), 10_000, 100);
  }, 150_000);
});

// PostgreSQL refuses to run as root: as root (CI on these machines), the cluster is the postgres user's.
const asRoot = process.getuid?.() === 0;
const postgresUser = asRoot ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }) : undefined;
const noPostgresUser = asRoot && postgresUser?.status !== 0;
if (noPostgresUser) console.warn('Skipping the PostgreSQL restart test: running as root and there is no postgres user to own the cluster.');

/** A PostgreSQL cluster of this test's own in a temporary folder, restartable at will. */
function ownPostgres(port: number, dir: string) {
  if (asRoot) chownSync(dir, Number(postgresUser!.stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? ['runuser', ['-u', 'postgres', '--', `${PG_BIN}/${tool}`, ...args]] as const : [`${PG_BIN}/${tool}`, args] as const;
    const result = spawnSync(command[0], command[1], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}${result.stdout}`);
  };
  const data = join(dir, 'data');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    init: () => run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']),
    start: () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']),
    /** Fast shutdown: every connection is terminated, as in a failover or a restart for an upgrade. */
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
  };
}

describe.skipIf(postgresMissing || noPostgresUser)('PostgreSQL restarted under a running platform (a cluster of its own)', () => {
  let t: TestPlatform;
  let postgres: ReturnType<typeof ownPostgres>;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caregraph-pg-'));
    postgres = ownPostgres(await freePort(), dir);
    postgres.init();
    postgres.start();
    // identity on PostgreSQL, the other contexts embedded: sign-in reads identity's database on every call.
    t = await startTestPlatform('embedded', { env: { DATABASE_URL_IDENTITY: postgres.url } });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    try {
      postgres?.stop();
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers again after the restart without restarting the platform', async () => {
    await t.login('admin@demo.test');
    postgres.stop();
    const during = await t.request('mutation { login(email: "admin@demo.test", password: "demo-password") { accessToken } }');
    expect(during.status).toBe(503);
    expect(during.errors).toEqual([
      {
        message: 'The identity service is unavailable (its database is not reachable): try again shortly.',
        path: ['login'],
        extensions: { code: 'SERVICE_UNAVAILABLE', service: 'identity', serviceName: 'identity', requestId: during.headers.get('x-request-id') },
      },
    ]);
    postgres.start();
    const back = Date.now();
    await eventually(() => t.login('admin@demo.test'), 10_000, 100);
    expect(Date.now() - back).toBeLessThan(10_000);
    // Every context whole again, not merely the gateway able to serve.
    const ready = await fetch(t.url.replace('/graphql', '/ready?strict'));
    expect(ready.status).toBe(200);
  }, 60_000);
});
