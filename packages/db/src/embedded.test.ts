/** Embedded mode on a real PGlite: contexts share one instance yet keep their own schema, role, migrations and tables. */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// The real generated clients of two contexts: what matters is how Prisma's own SQL lands in the shared instance.
import { PrismaClient as IdentityClient } from '../../../subgraphs/identity/src/generated/prisma/client';
import { PrismaClient as PatientsClient } from '../../../subgraphs/patients/src/generated/prisma/client';
import { openDatabase } from './index';

const dataDir = mkdtempSync(join(tmpdir(), 'caregraph-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const open = () =>
  Promise.all([
    openDatabase({ context: 'identity', dataDir }, (adapter) => new IdentityClient({ adapter })),
    openDatabase({ context: 'patients', dataDir }, (adapter) => new PatientsClient({ adapter })),
  ]);
const outboxRow = () => ({ id: randomUUID(), type: 'test.row.recorded', aggregateId: null, payload: {} });
const count = async (db: { $queryRawUnsafe<T>(sql: string): Promise<T> }) =>
  ((await db.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM outbox_events'))[0]!.n);

describe('embedded PGlite: one instance, a schema per context', () => {
  it('keeps each context in its own schema: same table names, separate rows, raw SQL unqualified', async () => {
    const [identity, patients] = await open();
    try {
      expect(readdirSync(dataDir)).toEqual(['pglite']);
      await identity.prisma.outboxEvent.create({ data: outboxRow() });
      await identity.prisma.outboxEvent.create({ data: outboxRow() });
      await patients.prisma.outboxEvent.create({ data: outboxRow() });
      expect(await count(identity.prisma)).toBe(2);
      expect(await count(patients.prisma)).toBe(1);
      expect(await identity.prisma.outboxEvent.count()).toBe(2);
    } finally {
      await Promise.all([identity.close(), patients.close()]);
    }
  });

  it("refuses a context's SQL on another context's tables (its role has no rights there)", async () => {
    const [identity, patients] = await open();
    try {
      await expect(patients.prisma.$queryRawUnsafe('SELECT * FROM identity.users')).rejects.toThrow(/permission denied/);
      await expect(identity.prisma.$queryRawUnsafe('SELECT * FROM patients.outbox_events')).rejects.toThrow(/permission denied/);
      await expect(identity.prisma.$executeRawUnsafe('CREATE TABLE public.sneaky (id int)')).rejects.toThrow(/permission denied/);
    } finally {
      await Promise.all([identity.close(), patients.close()]);
    }
  });

  it('serializes transactions of different contexts on the one connection; a rollback touches only its own', async () => {
    const [identity, patients] = await open();
    try {
      const before = [await count(identity.prisma), await count(patients.prisma)];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const slow = identity.prisma.$transaction(async (tx) => {
        await tx.outboxEvent.create({ data: outboxRow() });
        await held;
        throw new Error('roll back');
      });
      // Meanwhile patients writes in and out of a transaction; each waits its turn, none lands in identity's schema.
      const others = Promise.all([
        patients.prisma.outboxEvent.create({ data: outboxRow() }),
        patients.prisma.$transaction(async (tx) => tx.outboxEvent.create({ data: outboxRow() })),
        count(patients.prisma),
      ]);
      setTimeout(release, 50);
      await expect(slow).rejects.toThrow('roll back');
      await others;
      expect([await count(identity.prisma), await count(patients.prisma)]).toEqual([before[0], before[1]! + 2]);
    } finally {
      await Promise.all([identity.close(), patients.close()]);
    }
  });

  it('reopens an existing folder without migrating again and keeps its rows', async () => {
    const [identity, patients] = await open();
    try {
      expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
      const migrations = await identity.prisma.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM _prisma_migrations');
      expect(migrations[0]!.n).toBe(readdirSync(join(import.meta.dirname, '../../../prisma/identity/migrations')).filter((f) => /^\d/.test(f)).length);
      expect(await count(identity.prisma)).toBeGreaterThanOrEqual(2);
    } finally {
      await Promise.all([identity.close(), patients.close()]);
    }
  });
});
