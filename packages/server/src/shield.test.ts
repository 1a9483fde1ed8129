/**
 * The subgraph shield as buildSchema applies it (@caregraph/access applySubgraphShield): shield decides every field,
 * deny by default; a role-only rule is asked once per role and process, then its fields resolve synchronously; any
 * other rule is asked on every request; refusals stay refusals.
 */
import { randomUUID } from 'node:crypto';
import { execute, parse, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { allow, hasRole, isAuthenticated, PatientAccess, patientRule, roleOnly, rule, type AuthContext } from '@caregraph/access';
import type { Role, Viewer } from '@caregraph/auth';
import { buildSchema } from './subgraph';

const viewer = (role: Role): Viewer => ({ userId: randomUUID(), role, tokenId: randomUUID(), sessionId: randomUUID(), expiresAt: new Date(Date.now() + 60_000) });

function subgraph() {
  const roleChecks: string[] = [];
  const ownerChecks: string[] = [];
  const countedRole = roleOnly(
    rule({ cache: 'contextual' })((_parent, _args, ctx: AuthContext) => (roleChecks.push(ctx.viewer?.role ?? 'none'), ctx.viewer?.role === 'DOCTOR')),
  );
  const isOwner = rule({ cache: 'no_cache' })((parent: { owner: string }, _args, ctx: AuthContext) => (ownerChecks.push(parent.owner), parent.owner === ctx.viewer?.userId));
  const schema = buildSchema({
    name: 'test',
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { notes: [Note!]! directory: [Entry!]! }
      type Note @key(fields: "id") { id: ID! owner: ID! text: String secret: String }
      type Entry { name: String staffOnly: String unruled: String }
    `),
    resolvers: {
      Query: { notes: () => [{ id: 'n1', owner: 'u1', text: 'a', secret: 's' }, { id: 'n2', owner: 'u2', text: 'b', secret: 't' }], directory: () => [{ name: 'x', staffOnly: 'y', unruled: 'z' }] },
    },
    permissions: {
      Query: { notes: isAuthenticated, directory: isAuthenticated },
      Note: { id: allow, owner: allow, text: countedRole, secret: isOwner },
      Entry: { name: allow, staffOnly: hasRole('ADMIN', 'NURSE') },
    },
    context: () => ({}),
  });
  const run = (query: string, who?: Viewer) => execute({ schema, document: parse(query), contextValue: { viewer: who } });
  return { run, roleChecks, ownerChecks };
}

const settled = async (result: ReturnType<ReturnType<typeof subgraph>['run']>) => (await result) as ExecutionResult;

describe('the subgraph shield', () => {
  it('asks a role-only rule once per role, then resolves its fields synchronously', async () => {
    const { run, roleChecks } = subgraph();
    const doctor = viewer('DOCTOR');
    expect((await settled(run('{ notes { text } }', doctor))).data).toEqual({ notes: [{ text: 'a' }, { text: 'b' }] });
    const again = run('{ notes { text } }', viewer('DOCTOR'));
    expect(again).not.toBeInstanceOf(Promise);
    expect((again as ExecutionResult).data).toEqual({ notes: [{ text: 'a' }, { text: 'b' }] });
    // The learning ask, then shield's own guard once per field of the first request (its contextual cache shares one
    // verdict per request); nothing for the second request.
    expect(roleChecks).toEqual(['DOCTOR']);
  });

  it('refuses a role-only rule on every request of a role it refused', async () => {
    const { run, roleChecks } = subgraph();
    for (let i = 0; i < 2; i += 1) {
      const result = await settled(run('{ notes { id text } }', viewer('NURSE')));
      expect(result.data).toEqual({ notes: [{ id: 'n1', text: null }, { id: 'n2', text: null }] });
      expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    }
    expect(roleChecks.every((role) => role === 'NURSE')).toBe(true);
    expect(roleChecks.length).toBeGreaterThanOrEqual(2);
  });

  it('asks a rule that reads the parent on every object of every request', async () => {
    const { run, ownerChecks } = subgraph();
    const owner = { ...viewer('DOCTOR'), userId: 'u1' };
    for (let i = 0; i < 2; i += 1) {
      const result = await settled(run('{ notes { secret } }', owner));
      expect(result.data).toEqual({ notes: [{ secret: 's' }, { secret: null }] });
      expect(result.errors?.map((e) => [e.path?.join('.'), e.extensions.code])).toEqual([['notes.1.secret', 'FORBIDDEN']]);
    }
    expect(ownerChecks).toEqual(['u1', 'u2', 'u1', 'u2']);
  });

  it('denies a field without a rule and asks for a signed-in viewer at the root', async () => {
    const { run } = subgraph();
    const unruled = await settled(run('{ directory { name unruled } }', viewer('ADMIN')));
    expect(unruled.data).toEqual({ directory: [{ name: 'x', unruled: null }] });
    expect(unruled.errors?.[0]?.message).toBe('You are not allowed to read or change Entry.unruled.');
    const anonymous = await settled(run('{ directory { name } }'));
    expect(anonymous.data).toBeNull();
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    // Signed in, then anonymous again: what a role was let through never lets an anonymous caller through.
    expect((await settled(run('{ directory { staffOnly } }', viewer('NURSE')))).data).toEqual({ directory: [{ staffOnly: 'y' }] });
    expect((await settled(run('{ directory { staffOnly } }', viewer('PATIENT')))).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await settled(run('{ directory { name } }'))).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('resolves a patient rule at once where its grant needs no lookup, and asks the care team otherwise', async () => {
    const lookups: string[][] = [];
    const [mine, theirs] = [randomUUID(), randomUUID()];
    const careTeamOf: Record<string, string[]> = { [mine]: ['pr1'], [theirs]: [] };
    const schema = buildSchema({
      name: 'test',
      typeDefs: parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type Query { patients: [Patient!]! }
        type Patient @key(fields: "id") { id: ID! name: String }
      `),
      resolvers: { Query: { patients: () => [{ id: mine, name: 'a' }, { id: theirs, name: 'b' }] } },
      permissions: { Query: { patients: isAuthenticated }, Patient: { id: allow, name: patientRule('demographics:read') } },
      context: () => ({}),
    });
    const run = (who: Viewer) => {
      const patientAccess = new PatientAccess(who, {
        membersOf: async (ids) => (lookups.push([...ids]), ids.flatMap((patientId) => (careTeamOf[patientId] ?? []).map((practitionerId) => ({ patientId, practitionerId })))),
        patientsOf: async () => [],
      });
      return execute({ schema, document: parse('{ patients { name } }'), contextValue: { viewer: who, patientAccess } });
    };
    await run(viewer('ADMIN'));
    const admin = run(viewer('ADMIN'));
    expect(admin).not.toBeInstanceOf(Promise);
    expect((admin as ExecutionResult).data).toEqual({ patients: [{ name: 'a' }, { name: 'b' }] });
    const own = await settled(run({ ...viewer('PATIENT'), patientId: mine }));
    expect(own.data).toEqual({ patients: [{ name: 'a' }, { name: null }] });
    expect(own.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(lookups).toEqual([]);
    const doctor = await settled(run({ ...viewer('DOCTOR'), practitionerId: 'pr1' }));
    expect(doctor.data).toEqual({ patients: [{ name: 'a' }, { name: null }] });
    expect(lookups).toEqual([[mine, theirs]]);
    const pharmacist = await settled(run(viewer('PHARMACIST')));
    expect(pharmacist.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('refuses rules for fields the schema lacks', () => {
    expect(() =>
      buildSchema({
        name: 'test',
        typeDefs: parse('type Query { a: String }'),
        resolvers: {},
        permissions: { Query: { b: allow } },
        context: () => ({}),
      }),
    ).toThrow(/Query\.b/);
  });
});
