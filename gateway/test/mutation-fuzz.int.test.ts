/**
 * Input fuzzing of every mutation of the supergraph (issue 13): inputs generated from the public API schema, sent as
 * variables through the real gateway by a caller whose role may call the mutation, answer with a caller's error or
 * data — never INTERNAL_SERVER_ERROR, another code or HTTP 5xx — and a rejected mutation changes no table of any
 * context. A mutation added to the schema is fuzzed without editing this file.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildSchema, type GraphQLField } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationRules } from '@caregraph/access';
import { DEMO_ACCOUNTS, DEMO_CARE_TEAMS, DEMO_IDS } from '@caregraph/demo';
import { MODES, changedTables, fuzzParameters, realServicesMissing, useTestPlatform, type TestPlatform } from '@caregraph/testkit';
import { entityKey, operationFor, type Pools } from './fuzz-inputs';

const servicesMissing = await realServicesMissing('mutation fuzzing');
/** The public API schema as committed (packages/client/schema.graphql; a test keeps it equal to the gateway's). */
const schema = buildSchema(readFileSync(new URL('../../packages/client/schema.graphql', import.meta.url), 'utf8'));
const mutations = Object.values(schema.getMutationType()!.getFields());

/**
 * Runs per mutation, and a time cap per mutation for the slow ones (sign-in hashes every password it is sent): the
 * embedded run is the fuzz, the postgres run a smaller one where the two databases differ (NUL bytes, out-of-range
 * dates and numbers). FUZZ_RUNS and FUZZ_SEED try more (docs/development.md).
 */
const BUDGET = { embedded: { numRuns: 12, ms: 1_500 }, postgres: { numRuns: 3, ms: 800 } };
/**
 * The longest one mutation's test may take: with FUZZ_RUNS its runs stop 10 s before, so that no request of a test
 * vitest gave up on still runs (and writes) during the next one.
 */
const LONG_RUN_MS = 600_000;

/** The codes a caller's mistake may earn (docs/api.md); UNAUTHENTICATED only where anyone may call (wrong credentials). */
const CALLER_ERRORS = ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'RATE_LIMITED', 'PAYLOAD_TOO_LARGE'];

/**
 * Tables a rejected request may legitimately write: a failed sign-in is counted (identity's throttling window), so
 * that guessing passwords gets slower.
 */
const WRITTEN_ON_FAILURE = ['identity.login_failures'];

/** A caller and the ids that are theirs (their patient record, their care team's patients), which they may write to. */
type Caller = { role: string; token?: string; own: Record<string, string[]> };

describe.each(MODES)('every mutation, fuzzed (%s)', (mode) => {
  const skip = mode === 'postgres' && !!servicesMissing;
  const { t } = useTestPlatform(mode, { skip });
  let sent = 0;
  // A fresh loopback source address per request, so per-address sign-in throttles let the input reach validation.
  const from = () => `127.13.${Math.floor(++sent / 250) % 250}.${(sent % 250) + 1}`;

  it.skipIf(skip)('the write check can fail: a created user changes identity.users, a refused duplicate nothing', async () => {
    const admin = await t.login('admin@demo.test');
    const input = { email: `fuzz-${Date.now()}@example.org`, password: 'a-long-enough-password', role: 'NURSE', displayName: 'Fuzz Probe' };
    const create = 'mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }';
    await t.platform.settle();
    let before = await t.tables();
    t.queries.reset();
    expect((await t.request(create, { token: admin, variables: { i: input } })).errors).toBeUndefined();
    expect(t.queries.writes('identity').some((w) => /^INSERT INTO \S*"users"/.test(w.sql))).toBe(true);
    expect(changedTables(before, await t.tables())).toEqual(expect.arrayContaining(['identity.outbox_events', 'identity.users']));
    await t.platform.settle();
    before = await t.tables();
    const duplicate = await t.request(create, { token: admin, variables: { i: input } });
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(changedTables(before, await t.tables())).toEqual([]);
  });

  describe.skipIf(skip)('each mutation', () => {
    const parameters = fuzzParameters({ numRuns: BUDGET[mode].numRuns });
    let pools: Pools;
    let callers: Map<string, Caller[]>;
    let signedInAt = 0;
    // Once, for every mutation's test (they share the platform: what one creates, the next may find); signed in
    // again before access tokens expire (15 minutes), which long runs outlast.
    const prepare = async () => {
      pools ??= await realValues(t);
      if (Date.now() - signedInAt > 10 * 60_000) [callers, signedInAt] = [await callersByRole(t), Date.now()];
    };

    it.each(mutations.filter((field) => field.args.length > 0).map((field) => [field.name, field] as const))('%s', async (_name, field) => {
      await prepare();
      await fuzzMutation(t, field, pools, await callersOf(field.name, callers), from, parameters, parameters.runsGiven ? LONG_RUN_MS - 10_000 : BUDGET[mode].ms);
    }, parameters.runsGiven ? LONG_RUN_MS : 60_000);
  });
});

/** Runs of a property not finished yet, across the tests of a mode (a time limit abandons the one under way). */
const inFlight = new Set<Promise<unknown>>();
const tracked = <T>(run: Promise<T>): Promise<T> => {
  inFlight.add(run);
  return run.finally(() => inFlight.delete(run));
};

/** Sends generated inputs to one mutation and checks each answer and what it wrote. */
async function fuzzMutation(
  t: TestPlatform,
  field: GraphQLField<unknown, unknown>,
  pools: Pools,
  callers: Caller[],
  from: () => string,
  parameters: ReturnType<typeof fuzzParameters>,
  timeLimitMs: number,
) {
  const document = operationFor('mutation', field, pools).document;
  // Each caller's own ids first, so that authorization lets many inputs through to validation and the services.
  const runs = fc.oneof(...callers.map((caller) => fc.tuple(fc.constant(caller), operationFor('mutation', field, ownFirst(pools, caller)).variables)));
  const { runsGiven: _runsGiven, ...runParameters } = parameters;
  let reachedSubgraph = 0;
  // A time limit interrupts a property without waiting for the run under way, which may not even have sent its
  // request yet (it can be settling the events): let the previous test's last run finish first.
  await Promise.allSettled(inFlight);
  // The tables as they stand; read again only after something wrote (and its events have been consumed).
  await t.platform.settle();
  let before = await t.tables();
  let stale = false;
  const oneRun = async (caller: Caller, values: Record<string, unknown>) => {
    if (stale) {
      await t.platform.settle();
      before = await t.tables();
    }
    t.queries.reset();
    const result = await t.request(document, { variables: values, token: caller.token, from: from() });
    const codes = result.errors?.map((e) => e.extensions?.code) ?? [];
    const allowed = caller.token ? CALLER_ERRORS : [...CALLER_ERRORS, 'UNAUTHENTICATED'];
    expect(result.status, JSON.stringify(result.errors)).toBeLessThan(500);
    for (const code of codes) expect(allowed, `${code}: ${JSON.stringify(result.errors)}`).toContain(code);
    if (result.errors?.some((e) => e.extensions?.serviceName) || result.data?.[field.name] != null) reachedSubgraph++;
    // Without a write statement nothing can have changed; with one (rolled back, or an UPDATE that matched no row,
    // changes nothing either) the tables tell.
    const writes = t.queries.writes();
    stale = writes.length > 0;
    if (result.data?.[field.name] == null && writes.length) {
      const changed = changedTables(before, await t.tables()).filter((table) => !WRITTEN_ON_FAILURE.includes(table));
      expect(changed, `rejected (${codes.join(', ')}) yet changed ${changed.join(', ')}: ${writes.map((w) => w.sql).join('; ')}`).toEqual([]);
    }
  };
  await fc.assert(
    fc.asyncProperty(runs, ([caller, values]) => tracked(oneRun(caller, values))),
    // Once the time is up the runs so far stand.
    { ...runParameters, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false },
  );
  // Generated inputs must not all stop at the gateway's coercion: some reach the subgraph's own rules.
  expect(reachedSubgraph, `no input of ${field.name} reached its subgraph`).toBeGreaterThan(0);
}

/** The callers the operation rule of `name` admits: anonymous for public ones, else each demo account of those roles. */
async function callersOf(name: string, byRole: Map<string, Caller[]>): Promise<Caller[]> {
  const rule = (operationRules.Mutation as Record<string, ShieldRule | undefined>)[name];
  if (!rule) throw new Error(`${name} has no rule in operationRules (packages/access/src/operations.ts)`);
  const admits = async (role: string) =>
    (await rule.resolve(undefined, {}, { ...(role === 'anonymous' ? {} : { viewer: { role } }), _shield: { cache: {} } }, {}, SHIELD_OPTIONS)) === true;
  const admitted = await Promise.all([...byRole.entries()].map(async ([role, callers]) => ((await admits(role)) ? callers : [])));
  // Where anyone may call, the anonymous caller is the one the mutation is for (sign-in, registration).
  return admitted[0]!.length ? admitted[0]! : admitted.flat();
}

type ShieldRule = { resolve(parent: unknown, args: unknown, ctx: unknown, info: unknown, options: unknown): unknown };
const SHIELD_OPTIONS = { debug: false, allowExternalErrors: false, hashFunction: JSON.stringify };

/** Every demo account signed in, by role, and the anonymous caller. */
async function callersByRole(t: TestPlatform): Promise<Map<string, Caller[]>> {
  const byRole = new Map<string, Caller[]>([['anonymous', [{ role: 'anonymous', own: {} }]]]);
  for (const account of DEMO_ACCOUNTS) {
    const token = await t.login(account.email);
    const patients = account.patientId ? [account.patientId] : DEMO_CARE_TEAMS.filter((m) => m.practitionerId === account.practitionerId).map((m) => m.patientId);
    const own = { patient: patients, practitioner: account.practitionerId ? [account.practitionerId] : [], user: [account.id] };
    byRole.set(account.role, [...(byRole.get(account.role) ?? []), { role: account.role, token, own }]);
  }
  return byRole;
}

/** The pools with `caller`'s own ids at the front of their entity's list, where realistic ids are mostly taken from. */
function ownFirst(pools: Pools, caller: Caller): Pools {
  const ids = { ...pools.ids };
  for (const [entity, own] of Object.entries(caller.own)) ids[entity] = [...new Set([...own, ...(ids[entity] ?? [])])];
  return { ...pools, ids };
}

/** Real ids (the fixed demo ones first) and stored values of every context's database, read once before fuzzing. */
async function realValues(t: TestPlatform): Promise<Pools> {
  const ids: Record<string, Set<string>> = {};
  const values: Record<string, Set<string | number>> = {};
  const add = <T,>(into: Record<string, Set<T>>, key: string, value: T) => (into[key] ??= new Set()).add(value);
  for (const [group, named] of Object.entries(DEMO_IDS)) for (const id of Object.values(named)) add(ids, entityKey(group), id);
  for (const service of Object.values(t.platform.services)) {
    const prisma = service.prisma as { $queryRawUnsafe<T>(sql: string): Promise<T> };
    const columns = await prisma.$queryRawUnsafe<{ table: string; column: string; type: string }[]>(
      `SELECT table_name AS table, column_name AS column, data_type AS type FROM information_schema.columns
       WHERE table_schema = current_schema() AND data_type IN ('uuid', 'text', 'integer')
       AND table_name NOT IN ('outbox_events', 'processed_events', '_prisma_migrations')`,
    );
    for (const { table, column, type } of columns) {
      const rows = await prisma.$queryRawUnsafe<{ value: string | number | null }[]>(`SELECT DISTINCT "${column}" AS value FROM "${table}" WHERE "${column}" IS NOT NULL LIMIT 30`);
      for (const { value } of rows) {
        if (type === 'uuid') add(ids, entityKey(column === 'id' ? table : column.replace(/_id$/, '')), String(value));
        else add(values, column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value!);
      }
    }
  }
  const lists = <T,>(sets: Record<string, Set<T>>) => Object.fromEntries(Object.entries(sets).map(([key, set]) => [key, [...set]]));
  return { ids: lists(ids), values: lists(values) };
}
