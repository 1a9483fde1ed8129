/**
 * The Redis revocation list as several processes share it (each list here is a process's own, on its own
 * connections): a revocation anywhere reaches every copy, lookups are answered from the copy, a copy that lost its
 * subscription (or got an announcement it cannot read) asks Redis instead and is reloaded once it is back, and expired
 * revocations are forgotten.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRevocationList, type RevocationList } from '@caregraph/auth';
import { eventually, realServicesMissing, TEST_REDIS_URL } from '@caregraph/testkit';

const missing = await realServicesMissing('revocation list');
const keyPrefix = `caregraph-test:revocations:${randomBytes(4).toString('hex')}:`;
const admin = new Redis(TEST_REDIS_URL);
const lists: RevocationList[] = [];
/**
 * A process's list, once its copy is loaded (until then it looks revocations up in Redis). The probe is revoked in
 * Redis alone, without an announcement or an entry in the sorted set: only a list that answers from its copy says no.
 */
const processList = async () => {
  const list = createRevocationList({ url: TEST_REDIS_URL, keyPrefix });
  lists.push(list);
  const probe = randomUUID();
  await admin.set(`${keyPrefix}revoked:${probe}`, '1', 'PX', 60_000);
  await eventually(async () => expect(await list.isAnyRevoked([probe])).toBe(false), 5_000);
  await admin.del(`${keyPrefix}revoked:${probe}`);
  return list;
};
const subscribers = async () => ((await admin.pubsub('NUMSUB', `${keyPrefix}revocations`)) as [string, number])[1];
const soon = () => new Date(Date.now() + 60_000);

afterAll(async () => {
  await Promise.all(lists.map((list) => list.close()));
  const keys = await admin.keys(`${keyPrefix}*`);
  if (keys.length) await admin.del(...keys);
  admin.disconnect();
});

describe.skipIf(!!missing)('Redis revocation list', () => {
  it('reaches every process, which then answers from its own copy', async () => {
    const [a, b] = [await processList(), await processList()];
    const id = randomUUID();
    const heard: string[][] = [];
    b.onRevoke((ids) => heard.push(ids));
    expect(await b.isAnyRevoked([id])).toBe(false);
    await a.revoke([id], soon());
    expect(await a.isAnyRevoked([randomUUID(), id])).toBe(true); // the revoking process at once
    await eventually(async () => expect(await b.isAnyRevoked([id])).toBe(true), 2_000);
    expect(heard).toEqual([[id]]);
    // Its copy answers: with the key gone from Redis, b still knows.
    await admin.del(`${keyPrefix}revoked:${id}`);
    await eventually(async () => expect(await b.isAnyRevoked([id])).toBe(true), 2_000);
  });

  it('asks Redis while its subscription is lost, and reloads what it missed once it is back', async () => {
    const [a, b] = [await processList(), await processList()];
    await admin.client('KILL', 'TYPE', 'pubsub'); // every subscriber connection: announcements are missed meanwhile
    const missed = randomUUID();
    await a.revoke([missed], soon());
    expect(await b.isAnyRevoked([missed])).toBe(true); // from Redis, or from the copy reloaded since
    await eventually(async () => expect(await subscribers()).toBeGreaterThanOrEqual(2), 5_000);
    // Reloaded: the revocation it never heard of is in its copy, without the key in Redis.
    await eventually(async () => {
      await admin.del(`${keyPrefix}revoked:${missed}`);
      expect(await b.isAnyRevoked([missed])).toBe(true);
    }, 5_000);
  });

  it("takes the previous version's announcements, and asks Redis after one it cannot read", async () => {
    const [a, b] = [await processList(), await processList()];
    const heard: string[][] = [];
    b.onRevoke((ids) => heard.push(ids));
    const old = randomUUID();
    await admin.publish(`${keyPrefix}revocations`, JSON.stringify([old])); // ids alone, without `until`
    await eventually(async () => expect(heard).toEqual([[old]]), 2_000);
    expect(await b.isAnyRevoked([old])).toBe(true);

    await admin.publish(`${keyPrefix}revocations`, 'not an announcement');
    const later = randomUUID();
    await a.revoke([later], soon());
    await eventually(async () => expect(heard).toEqual([[old], [later]]), 2_000);
    await admin.del(`${keyPrefix}revoked:${later}`);
    expect(await b.isAnyRevoked([later])).toBe(false); // Redis answered: the copy is no longer trusted
  });

  it('forgets revocations once they have expired', async () => {
    const list = await processList();
    const id = randomUUID();
    await list.revoke([id], new Date(Date.now() + 1_200));
    expect(await list.isAnyRevoked([id])).toBe(true);
    await eventually(async () => expect(await list.isAnyRevoked([id])).toBe(false), 5_000);
    const other = await processList(); // a process started later does not load it
    expect(await other.isAnyRevoked([id])).toBe(false);
  });
});
