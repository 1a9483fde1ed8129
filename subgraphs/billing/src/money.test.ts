/** Money is exact: no float type anywhere in billing's GraphQL schema, Prisma schema or migrations; amounts parse exactly. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { format, requireAmount } from './services/money';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const migrations = readdirSync(new URL('prisma/billing/migrations/', root), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => `prisma/billing/migrations/${entry.name}/migration.sql`);
// Comments may say "never a float"; types may not.
const withoutComments = (text: string) => text.replace(/#.*$|\/\/.*$|--.*$|"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"/gm, '');

describe('money', () => {
  it.each(['subgraphs/billing/schema.graphql', 'prisma/billing/schema.prisma', ...migrations])('has no float type in %s', (path) => {
    const code = withoutComments(read(path));
    expect(code).not.toMatch(/\b(Float|Double|real|float4|float8|double precision)\b|@db\.Money/i);
    // PostgreSQL's money type rounds to the locale's currency; our GraphQL type is named Money, so SQL only.
    if (path.endsWith('.sql')) expect(code).not.toMatch(/\bmoney\b/i);
  });

  it('stores every amount as Decimal(12, 2) in the database', () => {
    const schema = withoutComments(read('prisma/billing/schema.prisma'));
    const decimals = [...schema.matchAll(/^\s*(\w+)\s+Decimal\??\s+(.*)$/gm)];
    expect(decimals.length).toBeGreaterThanOrEqual(8);
    for (const [, field, rest] of decimals) expect(rest, field).toContain('@db.Decimal(12, 2)');
  });

  it('parses amounts exactly and refuses what the database would round', () => {
    expect(format(requireAmount('0.10', 'a').plus(requireAmount('0.20', 'a')))).toBe('0.30');
    expect(format(requireAmount('125.5', 'a'))).toBe('125.50');
    for (const bad of ['1.005', '-1', '1e3', '', ' 1', '12345678901']) expect(() => requireAmount(bad, 'a'), bad).toThrow();
    expect(() => requireAmount('0', 'a')).toThrow(/more than 0/);
    expect(format(requireAmount('0', 'a', { allowZero: true }))).toBe('0.00');
  });
});
