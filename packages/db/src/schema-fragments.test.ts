/** Shared models (prisma/fragments) are declared identically in every context schema that uses them. */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRISMA_DIR } from './index';

const FRAGMENTS = join(PRISMA_DIR, 'fragments');
const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
const modelName = (fragment: string) => /model (\w+) \{/.exec(fragment)![1]!;
const contexts = readdirSync(PRISMA_DIR).filter((name) => existsSync(join(PRISMA_DIR, name, 'schema.prisma')));
const fragments = readdirSync(FRAGMENTS).filter((file) => file.endsWith('.prisma')).map((file) => readFileSync(join(FRAGMENTS, file), 'utf8'));

describe('shared model fragments', () => {
  it.each(contexts)('%s declares each shared model it uses exactly as prisma/fragments does', (context) => {
    const schema = readFileSync(join(PRISMA_DIR, context, 'schema.prisma'), 'utf8');
    expect(schema, 'every context records events').toMatch(/model OutboxEvent \{/);
    for (const fragment of fragments) {
      if (!new RegExp(`model ${modelName(fragment)} \\{`).test(schema)) continue;
      expect(normalize(schema)).toContain(normalize(fragment));
    }
  });
});
