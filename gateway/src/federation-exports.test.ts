import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import './gateway';

const fromGateway = createRequire(createRequire(import.meta.url).resolve('@apollo/gateway'));
const index = fromGateway.resolve('@apollo/federation-internals');

describe('the federation exports @apollo/gateway is given (federation-exports.ts)', () => {
  it('are plain values, each the one the package built', () => {
    const given = fromGateway('@apollo/federation-internals') as Record<string, unknown>;
    const names = Object.keys(given);
    expect(names.length).toBeGreaterThan(250);
    const accessors = names.filter((name) => Object.getOwnPropertyDescriptor(given, name)!.get);
    expect(accessors).toEqual([]);
    // Every name is one of the package's own modules' exports, the very same value.
    const modules = Object.keys(fromGateway.cache)
      .filter((file) => file.startsWith(dirname(index)) && file !== index)
      .map((file) => fromGateway.cache[file]!.exports as Record<string, unknown>);
    const unmatched = names.filter((name) => name !== '__esModule' && !modules.some((exports) => name in exports && exports[name] === given[name]));
    expect(unmatched).toEqual([]);
  });

  it('never go stale: the package assigns its exports only while it loads, at the top of each module', () => {
    const files = (readdirSync(dirname(index), { recursive: true }) as string[]).filter((file) => file.endsWith('.js'));
    expect(files.length).toBeGreaterThan(10);
    // TypeScript writes `exports.name = …` at the top level for every export; one inside a function could change later.
    const later = files.flatMap((file) =>
      readFileSync(join(dirname(index), file), 'utf8')
        .split('\n')
        .filter((line) => /^\s+exports\.[\w$]+\s*=/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(later).toEqual([]);
  });
});
