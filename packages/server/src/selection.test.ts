import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectsField } from './selection';

const schema = buildSchema('type Query { list: List } type List { totalCount: Int nodes: [Int] }');

/** Runs `query` and returns what `selectsField(info, 'totalCount')` said in the `list` resolver. */
function totalSelected(query: string): boolean {
  let answer: boolean | undefined;
  const rootValue = {
    list: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
      answer = selectsField(info, 'totalCount');
      return { totalCount: 1, nodes: [] };
    },
  };
  const result = execute({ schema, document: parse(query), rootValue }) as { errors?: unknown };
  expect(result.errors).toBeUndefined();
  return answer!;
}

describe('selectsField', () => {
  it('sees a field selected directly, under an alias, in an inline fragment and in named fragments', () => {
    expect(totalSelected('{ list { totalCount } }')).toBe(true);
    expect(totalSelected('{ list { n: totalCount } }')).toBe(true);
    expect(totalSelected('{ list { ... on List { totalCount } } }')).toBe(true);
    expect(totalSelected('{ list { ...A } } fragment A on List { ...B } fragment B on List { totalCount }')).toBe(true);
    expect(totalSelected('{ list { nodes totalCount @include(if: false) } }')).toBe(true);
  });

  it('does not see a field that is not asked for, nor one of the same name deeper down', () => {
    expect(totalSelected('{ list { nodes } }')).toBe(false);
    expect(totalSelected('{ list { totalCount: nodes } }')).toBe(false);
    expect(totalSelected('{ list { ...A ...A } } fragment A on List { nodes }')).toBe(false);
  });
});
