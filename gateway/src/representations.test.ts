import { describe, expect, it } from 'vitest';
import { distinctRepresentations } from './representations';

const org = (id: string) => ({ __typename: 'Organization', id });

describe('distinctRepresentations', () => {
  it('asks for each entity once, in order of first appearance, and answers every copy', () => {
    const distinct = distinctRepresentations({ representations: [org('a'), org('b'), org('a'), org('c'), org('b')], other: 1 })!;
    expect(distinct.representations).toEqual([org('a'), org('b'), org('c')]);
    const answer = distinct.expand({ data: { _entities: [{ name: 'A' }, null, { name: 'C' }] }, extensions: { x: 1 } });
    expect(answer).toEqual({ data: { _entities: [{ name: 'A' }, null, { name: 'A' }, { name: 'C' }, null] }, extensions: { x: 1 } });
  });

  it("gives an entity's error to each of its copies and leaves other errors alone", () => {
    const distinct = distinctRepresentations({ representations: [org('a'), org('b'), org('b')] })!;
    const denied = { message: 'No', path: ['_entities', 1, 'name'], extensions: { code: 'FORBIDDEN' } };
    const general = { message: 'Slow', extensions: { code: 'SERVICE_UNAVAILABLE' } };
    const answer = distinct.expand({ data: { _entities: [{ name: 'A' }, { name: null }] }, errors: [denied, general] });
    expect(answer.errors).toEqual([
      { ...denied, path: ['_entities', 1, 'name'] },
      { ...denied, path: ['_entities', 2, 'name'] },
      general,
    ]);
    // No data at all (the subgraph is down): the errors still reach every copy.
    expect(distinct.expand({ data: null, errors: [{ message: 'Down', path: ['_entities', 0, 'name'] }] })).toEqual({
      data: null,
      errors: [{ message: 'Down', path: ['_entities', 0, 'name'] }],
    });
  });

  it('leaves a call alone when every representation is distinct, or there are none', () => {
    expect(distinctRepresentations({ representations: [org('a'), org('b')] })).toBeUndefined();
    expect(distinctRepresentations({ representations: [org('a')] })).toBeUndefined();
    expect(distinctRepresentations({ id: 'x' })).toBeUndefined();
    expect(distinctRepresentations(undefined)).toBeUndefined();
  });

  it('tells apart representations that differ in any key field', () => {
    const a = { __typename: 'Slot', practitionerId: 'p', start: '09:00' };
    const b = { __typename: 'Slot', practitionerId: 'p', start: '09:30' };
    expect(distinctRepresentations({ representations: [a, b, a] })!.representations).toEqual([a, b]);
  });
});
