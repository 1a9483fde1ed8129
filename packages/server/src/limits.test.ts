/** The operation limits on their own: each limit refuses just past its number, fragments are measured once, legitimate shapes pass. */
import { buildSchema, getIntrospectionQuery, parse, validate, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { OPERATION_LIMIT_DEFAULTS, type OperationLimits } from '@caregraph/config';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { operationLimits, operationShapeRule } from './limits';

const schema = buildSchema(`
  type Query { node: Node, nodes(first: Int): NodeConnection!, list: [Node!]! }
  type NodeConnection { nodes: [Node!]! totalCount: Int! }
  type Node { id: ID, child: Node, children: [Node!]! }
`);
const limits = (overrides: Partial<OperationLimits> = {}) => ({ ...OPERATION_LIMIT_DEFAULTS, ...overrides });
const check = (query: string, overrides: Partial<OperationLimits> = {}) => validate(schema, parse(query), [operationShapeRule(limits(overrides))]).map((e) => e.message);

describe('operationShapeRule', () => {
  it('multiplies list sizes through nesting: first, the default page, and the assumed size of plain lists', () => {
    // 1 + 50 × (nodes: 1 + (id 1 + children: 1 + 10 × id 1)) = 1 + 50 × 13
    expect(check('{ nodes(first: 50) { nodes { id children { id } } } }', { cost: 651 })).toEqual([]);
    expect(check('{ nodes(first: 50) { nodes { id children { id } } } }', { cost: 650 })[0]).toMatch(/about 651 fields; the limit is 650/);
    // A page size from a variable counts as the largest page (100).
    expect(check('query ($n: Int) { nodes(first: $n) { nodes { id } } }', { cost: 200 })[0]).toMatch(/about 201 fields/);
    expect(check('{ nodes { nodes { id } } }', { cost: 40 })[0]).toMatch(/about 41 fields/); // default page of 20
  });

  it('measures each fragment once: ten spreads per level, eight levels deep, is refused in milliseconds', () => {
    const bomb = '{ ...A1 } ' + Array.from({ length: 8 }, (_, i) => `fragment A${i + 1} on Query { ${i === 7 ? 'list { id }' : Array(10).fill(`...A${i + 2}`).join(' ')} }`).join(' ');
    const started = performance.now();
    const errors = check(bomb);
    // Following every spread would be 10^8 visits; measuring each fragment once takes about a millisecond.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(errors[0]).toMatch(/root fields/);
  });

  it('counts root fields through fragments and does not loop on fragment cycles', () => {
    expect(check('{ a: node { id } b: node { id } }', { rootFields: 2 })).toEqual([]);
    expect(check('{ a: node { id } ...F } fragment F on Query { b: node { id } c: node { id } }', { rootFields: 2 })[0]).toMatch(/3 root fields/);
    expect(check('{ node { ...C } } fragment C on Node { child { ...D } } fragment D on Node { child { ...C } }')).toEqual([]);
  });

  it('lets the standard introspection query through and refuses deeper introspection', () => {
    expect(check(getIntrospectionQuery())).toEqual([]);
    expect(check(`{ __schema { types { ${'ofType { '.repeat(14)}name${' }'.repeat(14)} } } }`)[0]).toMatch(/introspection is nested 17 levels/);
  });
});

describe('operationLimits', () => {
  it('remembers a refused document: the repeat is refused the same way without being parsed again', async () => {
    const parsed: string[] = [];
    const countParses: ApolloServerPlugin = { requestDidStart: async () => ({ parsingDidStart: async ({ source }) => void parsed.push(source) }) };
    const { plugins, parseOptions } = operationLimits(limits({ rootFields: 2 }));
    const server = new ApolloServer({ schema, plugins: [...plugins, countParses], parseOptions });
    await server.start();
    // Outside HTTP, Apollo hands the refusal back as thrown (over HTTP it is the 400 response the gateway tests check).
    const refusal = (query: string) =>
      server.executeOperation({ query }).then(
        () => undefined,
        (error: GraphQLError) => ({ message: error.message, extensions: error.extensions }),
      );
    const attack = '{ a: list { id } b: list { id } c: list { id } }';
    const first = await refusal(attack);
    expect(first).toMatchObject({ message: expect.stringMatching(/3 root fields; the limit is 2/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
    expect(await refusal(attack)).toEqual(first);
    expect(parsed, 'the repeat was refused before parsing').toEqual([attack]);
    expect(await refusal('{ a: list { id } }'), 'an acceptable document still passes').toBeUndefined();

    // Over the token limit: refused by the parser once, then by the memory, with the same message and code.
    const tokens = `{ a: list { ${'id '.repeat(parseOptions.maxTokens)}} }`;
    // The first one is Apollo's own error response, the repeat the memory's refusal: both are 400 over HTTP.
    const answer = (query: string) =>
      server.executeOperation({ query }).then(
        (response) => (response.body.kind === 'single' ? response.body.singleResult.errors?.[0] : undefined),
        (error: GraphQLError) => ({ message: error.message, extensions: error.extensions }),
      );
    const parserRefusal = await answer(tokens);
    expect(parserRefusal).toMatchObject({ message: expect.stringMatching(/more tha[nt] \d+ tokens/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    const parsesBefore = parsed.length;
    expect(await answer(tokens)).toMatchObject({ message: parserRefusal!.message, extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } } });
    expect(parsed.length, 'the repeat was not parsed').toBe(parsesBefore);
    await server.stop();
  });
});
