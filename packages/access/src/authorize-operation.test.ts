import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '@caregraph/auth';
import { authorizeOperation, createOperationAuthorizer } from './authorize-operation';
import { allow, deny, hasRole, isAuthenticated, isPublic, roleOnly, rule } from './rules';

const schema = buildSchema(`
  type Query { me: User, users(role: String): [User!]!, secret: String }
  type Mutation { login: String, wipe: Boolean }
  type User { id: ID!, email: String }
`);
const rules = {
  Query: { '*': deny, me: isAuthenticated, users: hasRole('ADMIN') },
  Mutation: { '*': deny, login: isPublic },
};
const viewer = (role: Viewer['role']): Viewer => ({ userId: 'u', role, tokenId: 't', sessionId: 's', expiresAt: new Date() });

async function check(query: string, who?: Viewer) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  const error = await authorizeOperation({ schema, document, operation, variables: {}, rules, fallbackRule: allow, context: { viewer: who } });
  return error ? `${error.extensions.code}: ${error.message}` : 'allowed';
}

describe('authorizeOperation', () => {
  it('lets listed operations through for the right roles', async () => {
    expect(await check('{ me { id email } }', viewer('PATIENT'))).toBe('allowed');
    expect(await check('{ users { id } }', viewer('ADMIN'))).toBe('allowed');
    expect(await check('mutation { login }')).toBe('allowed');
  });

  it('answers UNAUTHENTICATED for anonymous callers and FORBIDDEN for the wrong role', async () => {
    expect(await check('{ me { id } }')).toMatch(/^UNAUTHENTICATED/);
    expect(await check('{ users { id } }', viewer('PATIENT'))).toBe('FORBIDDEN: Only ADMIN may do this. (denied: Query.users)');
  });

  it('denies root fields that no rule lists', async () => {
    expect(await check('{ secret }', viewer('ADMIN'))).toMatch(/^FORBIDDEN.*Query\.secret/);
    expect(await check('mutation { wipe }', viewer('ADMIN'))).toMatch(/^FORBIDDEN.*Mutation\.wipe/);
  });

  it('finds denied fields behind aliases, fragments and inline fragments', async () => {
    const sneaky = `query { me { id } ...F } fragment F on Query { ... on Query { everyone: users { id } } }`;
    expect(await check(sneaky, viewer('NURSE'))).toMatch(/^FORBIDDEN.*Query\.users/);
  });

  it('ignores introspection meta-fields', async () => {
    expect(await check('{ __typename me { __typename id } }', viewer('PATIENT'))).toBe('allowed');
  });
});

describe('createOperationAuthorizer', () => {
  const operationOf = (document: ReturnType<typeof parse>) => document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;

  it('remembers the verdict of a role-only operation per role, handing out a fresh error each time', async () => {
    const authorize = createOperationAuthorizer({ rules, fallbackRule: allow });
    const document = parse('{ users { id } }');
    const input = (who?: Viewer) => ({ schema, document, operation: operationOf(document), variables: {}, context: { viewer: who } });
    const first = await authorize(input(viewer('NURSE')));
    const again = await authorize(input(viewer('NURSE')));
    expect(first?.message).toBe('Only ADMIN may do this. (denied: Query.users)');
    expect(again?.message).toBe(first?.message);
    expect(again?.extensions.code).toBe('FORBIDDEN');
    expect(again).not.toBe(first);
    expect(await authorize(input(viewer('ADMIN')))).toBeUndefined();
    expect((await authorize(input()))?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('does not evaluate a role-only rule again for the same operation and role', async () => {
    const calls: string[] = [];
    const counted = roleOnly(rule({ cache: 'no_cache' })((_parent, _args, ctx: { viewer?: Viewer }) => (calls.push(ctx.viewer!.role), true)));
    const authorize = createOperationAuthorizer({ rules: { Query: { '*': deny, me: counted } }, fallbackRule: allow });
    const document = parse('{ me { id } }');
    const input = (role: Viewer['role']) => ({ schema, document, operation: operationOf(document), variables: {}, context: { viewer: viewer(role) } });
    for (const role of ['NURSE', 'NURSE', 'DOCTOR', 'NURSE', 'DOCTOR'] as const) expect(await authorize(input(role))).toBeUndefined();
    expect(calls).toEqual(['NURSE', 'DOCTOR']);
  });

  it('walks every request again when a rule reads more than the role', async () => {
    const seen: unknown[] = [];
    const byArgument = rule()((_parent, args: { role?: string }) => {
      seen.push(args.role);
      return args.role !== 'ADMIN';
    });
    const authorize = createOperationAuthorizer({ rules: { Query: { '*': deny, users: byArgument } }, fallbackRule: allow });
    const document = parse('query ($r: String) { users(role: $r) { id } }');
    const input = (r: string) => ({ schema, document, operation: operationOf(document), variables: { r }, context: { viewer: viewer('NURSE') } });
    expect(await authorize(input('NURSE'))).toBeUndefined();
    expect((await authorize(input('ADMIN')))?.extensions.code).toBe('FORBIDDEN');
    expect(seen).toEqual(['NURSE', 'ADMIN']);
  });

  it('keeps verdicts apart for documents and schemas', async () => {
    const authorize = createOperationAuthorizer({ rules, fallbackRule: allow });
    const allowed = parse('{ me { id } }');
    const denied = parse('{ secret }');
    const who = { viewer: viewer('PATIENT') };
    expect(await authorize({ schema, document: allowed, operation: operationOf(allowed), variables: {}, context: who })).toBeUndefined();
    expect((await authorize({ schema, document: denied, operation: operationOf(denied), variables: {}, context: who }))?.extensions.code).toBe('FORBIDDEN');
    const other = buildSchema('type Query { me: User, secret: String } type User { id: ID! }');
    expect((await authorize({ schema: other, document: denied, operation: operationOf(denied), variables: {}, context: who }))?.extensions.code).toBe('FORBIDDEN');
  });
});
