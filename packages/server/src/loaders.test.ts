import { describe, expect, it } from 'vitest';
import { byIdLoader, groupLoader, primeAll } from './loaders';

type Row = { id: string; name: string };
const counting = (rows: Row[]) => {
  const asked: string[][] = [];
  const loader = byIdLoader(async (ids) => (asked.push([...ids]), rows.filter((row) => ids.includes(row.id))));
  return { loader, asked };
};

describe('byIdLoader and groupLoader', () => {
  it('ask once per tick, in key order, with null for a missing id and [] for a key without children', async () => {
    const { loader, asked } = counting([{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }]);
    expect(await Promise.all([loader.load('b'), loader.load('x'), loader.load('a'), loader.load('b')])).toEqual([{ id: 'b', name: 'B' }, null, { id: 'a', name: 'A' }, { id: 'b', name: 'B' }]);
    expect(asked).toEqual([['b', 'x', 'a']]);
    const groups = groupLoader(async () => [{ parent: 'p', n: 1 }, { parent: 'q', n: 2 }, { parent: 'p', n: 3 }], (row) => row.parent);
    expect(await Promise.all([groups.load('p'), groups.load('none')])).toEqual([[{ parent: 'p', n: 1 }, { parent: 'p', n: 3 }], []]);
  });
});

describe('primeAll', () => {
  it('hands over rows a statement brought along, so loading them asks nothing; nulls are skipped, held rows kept', async () => {
    const { loader, asked } = counting([{ id: 'a', name: 'from the database' }, { id: 'c', name: 'C' }]);
    expect(await loader.load('a')).toEqual({ id: 'a', name: 'from the database' });
    primeAll(loader, [{ id: 'a', name: 'joined' }, null, { id: 'b', name: 'joined' }]);
    expect(await Promise.all([loader.load('a'), loader.load('b')])).toEqual([{ id: 'a', name: 'from the database' }, { id: 'b', name: 'joined' }]);
    expect(asked).toEqual([['a']]);
    expect(await loader.load('c')).toEqual({ id: 'c', name: 'C' });
    expect(asked).toEqual([['a'], ['c']]);
  });
});
