/** The repository stands on its own: every link and reference resolves inside it; license, .env.example, Prisma configs. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '@caregraph/config';
import { REPO_ROOT } from '@caregraph/testkit';
import { SUBGRAPHS } from '../src/subgraphs';

/** What git tracks or would track (new files included), as the lint sees the repository. */
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && existsSync(join(REPO_ROOT, file)) && statSync(join(REPO_ROOT, file)).isFile());
const textFiles = files.filter((file) => !/\.(png|jpe?g|gif|ico|wasm|gz|tgz)$/.test(file) && file !== 'package-lock.json');
const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

// Built from parts so this file does not match itself.
const SHARED_FOLDER = ['..', 'shared'].join('/');
const OUTSIDE_DOCS = new RegExp(`\\b(${['API', 'ARCHITECTURE', 'STACK', 'STYLE', 'DEVELOPERS'].join('|')})\\.md\\b`);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
const anchorsIn = (markdown: string) =>
  new Set([...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));

describe('the repository is self-contained', () => {
  it('refers to no folder or document outside it', () => {
    const outside = textFiles.flatMap((file) =>
      read(file)
        .split('\n')
        .flatMap((line, i) => (line.includes(SHARED_FOLDER) || OUTSIDE_DOCS.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(outside).toEqual([]);
  });

  it('has only relative Markdown links, each to a file (and heading) that exists in the repository', () => {
    const broken: string[] = [];
    for (const file of textFiles.filter((f) => f.endsWith('.md'))) {
      const markdown = read(file).replace(/```[\s\S]*?```/g, '');
      for (const [, target] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:)/.test(target!)) {
          broken.push(`${file}: ${target} (links outside the repository)`);
          continue;
        }
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const resolved = path ? resolve(REPO_ROOT, dirname(file), path) : join(REPO_ROOT, file);
        if (relative(REPO_ROOT, resolved).startsWith('..')) broken.push(`${file}: ${target} (outside the repository)`);
        else if (!existsSync(resolved)) broken.push(`${file}: ${target} (no such file)`);
        else if (anchor && resolved.endsWith('.md') && !anchorsIn(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('names only docs (and sections, `docs/<page>.md, "Heading"`) that exist wherever a file mentions one', () => {
    const missing = textFiles.flatMap((file) => {
      // Comments wrap: a reference may continue on the next comment line.
      const text = read(file).replace(/\n\s*(?:\*|\/\/|#|--)\s*/g, ' ');
      return [...text.matchAll(/\bdocs\/([\w-]+\.md)(?:, "([^"]+)")?/g)].flatMap(([, page, heading]) => {
        const path = join(REPO_ROOT, 'docs', page!);
        if (!existsSync(path)) return [`${file}: docs/${page} (no such page)`];
        if (heading && !anchorsIn(readFileSync(path, 'utf8')).has(anchorOf(heading))) return [`${file}: docs/${page}, "${heading}" (no such heading)`];
        return [];
      });
    });
    expect(missing).toEqual([]);
  });
});

describe('what a repository of its own needs', () => {
  it('has the license package.json names, in full', () => {
    expect(JSON.parse(read('package.json')).license).toBe('Apache-2.0');
    const license = read('LICENSE');
    expect(license).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(license).toContain('END OF TERMS AND CONDITIONS');
  });

  it('documents every configuration variable in .env.example, commented out, and the defaults shown load', () => {
    const example = read('.env.example');
    const documented = new Map([...example.matchAll(/^# ([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
    // Nothing is set by a plain copy: every assignment is a comment.
    expect(example.split('\n').filter((line) => line.trim() && !line.startsWith('#'))).toEqual([]);
    // Uncommented all at once, the values shown are valid, and those that are defaults match the defaults (examples
    // stand where there is no default: Redis, CORS origins, trusted proxies, a supergraph file, database URLs, the gateway secret).
    const uncommented = loadConfig(Object.fromEntries(documented));
    expect(uncommented).toMatchObject({ ...loadConfig({}), logLevelExplicit: true, corsOrigins: expect.any(Array), trustedProxies: expect.any(Array), supergraphPath: expect.any(String), redis: expect.any(Object), contexts: expect.any(Object), gatewaySecret: expect.any(String) });
  });

  it.each(SUBGRAPHS.map((s) => s.name))('has a Prisma CLI config for %s that `prisma validate` accepts', (name) => {
    expect(read(`prisma/${name}/prisma.config.ts`)).toContain(`prismaDatasourceUrl('${name}')`);
    // The command docs/operations.md gives, run as a developer runs it.
    const output = execFileSync(join(REPO_ROOT, 'node_modules/.bin/prisma'), ['validate', '--config', `prisma/${name}/prisma.config.ts`], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, CHECKPOINT_DISABLE: '1', CAREGRAPH_ENV_FILE: '/dev/null' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(output).toContain(`The schema at prisma/${name}/schema.prisma is valid`);
  }, 60_000);
});
