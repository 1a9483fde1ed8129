import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '@caregraph/auth';
import { authorizeOperation } from './authorize-operation';
import { allow, deny, hasRole, isAuthenticated, isPublic } from './rules';

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
