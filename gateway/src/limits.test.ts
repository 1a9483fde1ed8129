import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { depthLimit } from './limits';

const schema = buildSchema('type Query { node: Node } type Node { id: ID, child: Node }');
const nest = (levels: number) => `{ node ${'{ child '.repeat(levels - 1)}{ id }${' }'.repeat(levels - 1)} }`;
const check = (query: string, max: number) => validate(schema, parse(query), [depthLimit(max)]).map((e) => [e.extensions.code, e.message]);

describe('depthLimit', () => {
  it('accepts operations up to the limit and refuses deeper ones with BAD_USER_INPUT', () => {
    expect(check(nest(3), 4)).toEqual([]);
    expect(check(nest(4), 4)).toEqual([['BAD_USER_INPUT', 'The operation is nested 5 levels deep; the limit is 4.']]);
  });

  it('counts depth through fragments and does not loop on fragment cycles', () => {
    const viaFragments = '{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { child { id } } }';
    expect(check(viaFragments, 4)).toHaveLength(1);
    expect(check(viaFragments, 5)).toEqual([]);
  });
});
