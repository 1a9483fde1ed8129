import { describe, expect, it } from 'vitest';
import { createStatementNamer } from './statement-names';

describe('createStatementNamer', () => {
  it('gives the same text the same name and different texts different names', () => {
    const name = createStatementNamer();
    const a = name({ sql: 'SELECT 1' });
    expect(name({ sql: 'SELECT 1' })).toBe(a);
    expect(name({ sql: 'SELECT 2' })).not.toBe(a);
  });

  it('names no more than its limit of texts: later ones get the unnamed statement, earlier ones keep their names', () => {
    const name = createStatementNamer(2);
    const first = name({ sql: 'SELECT 1' });
    name({ sql: 'SELECT 2' });
    expect(name({ sql: 'SELECT 3' })).toBe('');
    expect(name({ sql: 'SELECT 1' })).toBe(first);
  });
});
