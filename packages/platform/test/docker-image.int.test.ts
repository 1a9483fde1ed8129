/**
 * The Dockerfile's runtime stage without a Docker engine: its install command run the way the image runs it, on the
 * files it copies, then the image's processes started from that copy (production dependencies only).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePlatformPorts, freePort, REPO_ROOT, startProcess, waitUntilOk } from '@caregraph/testkit';

const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

/** The instructions of one stage (`FROM … AS name`), continuation lines joined. */
function stage(name: string): string[] {
  const instructions = dockerfile.replace(/\\\n\s*/g, ' ').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const start = instructions.findIndex((l) => new RegExp(`^FROM \\S+ AS ${name}$`).test(l));
  expect(start, `stage ${name}`).toBeGreaterThanOrEqual(0);
  const end = instructions.findIndex((l, i) => i > start && l.startsWith('FROM '));
  return instructions.slice(start + 1, end === -1 ? undefined : end);
}

/** The workspace folders package.json declares (`packages/*` → every folder under packages with a package.json). */
function workspaceManifests(): string[] {
  const { workspaces } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  return workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(REPO_ROOT, pattern.slice(0, -2))).map((name) => `${pattern.slice(0, -2)}/${name}/package.json`)
      : [`${pattern}/package.json`],
  ).filter((file) => existsSync(join(REPO_ROOT, file)));
}

const copyInto = (target: string, files: string[]) => {
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(target, file), { recursive: true });
  }
};

describe('Dockerfile', () => {
  it('copies the manifests of every workspace and the lockfile into the dependency stage', () => {
    const manifests = stage('manifests').join('\n');
    expect(manifests).toContain('cp package.json package-lock.json .npmrc /app/');
    const topFolders = new Set(workspaceManifests().map((file) => file.split('/')[0]));
    expect(manifests).toContain(`find ${[...topFolders].join(' ')} -name package.json`);
  });

  it('keeps installed, generated, data and local settings files out of the build context', () => {
    expect(dockerignore).toEqual(expect.arrayContaining(['node_modules', '**/node_modules', '**/generated', '.data', '.env']));
  });

  it('installs every dependency with its postinstall in the build stage, and runs production dependencies only', () => {
    expect(stage('build').join('\n')).toMatch(/^RUN npm ci --no-audit --no-fund/m);
    expect(stage('runtime').join('\n')).toMatch(/^RUN npm ci --omit=dev --ignore-scripts/m);
    expect(stage('runtime').join('\n')).toMatch(/^COPY --from=build \/dist\/ \.\/$/m);
  });
});

describe('the runtime stage, run without Docker', () => {
  const app = mkdtempSync(join(tmpdir(), 'caregraph-image-'));
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  beforeAll(() => {
    // COPY --from=manifests: the root manifest, the lockfile, .npmrc and every workspace's package.json.
    copyInto(app, ['package.json', 'package-lock.json', '.npmrc', ...workspaceManifests()]);
    // RUN npm ci …, exactly as the runtime stage has it (without the cache cleaning that follows it).
    const install = stage('runtime').find((l) => l.startsWith('RUN npm ci'))!.slice('RUN '.length).split(' && ')[0]!;
    const result = spawnSync('sh', ['-c', install], {
      cwd: app,
      encoding: 'utf8',
      // Served from the machine's npm cache where it can be: the command and the lockfile decide what is installed.
      env: { ...process.env, npm_config_prefer_offline: 'true' },
    });
    expect(result.status, `${install}\n${result.stderr}`).toBe(0);
    // COPY --from=build /dist/: the sources (what git tracks, as the build context) and the code postinstall generated.
    const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file && existsSync(join(REPO_ROOT, file)) && !file.endsWith('package.json') && file !== 'package-lock.json');
    copyInto(app, tracked);
    const generated = readdirSync(join(REPO_ROOT, 'subgraphs')).map((name) => `subgraphs/${name}/src/generated`);
    copyInto(app, generated.filter((dir) => existsSync(join(REPO_ROOT, dir))));
  }, 300_000);

  it('holds no development tools', () => {
    for (const dev of ['vitest', 'turbo', '@graphql-codegen/cli']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(true);
  });

  it('runs the migration step', () => {
    const migrate = spawnSync('npm', ['run', 'db:migrate'], { cwd: app, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CAREGRAPH_ENV_FILE: '/dev/null' } });
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('nothing to migrate');
  }, 60_000);

  it('starts the whole platform and the gateway process from it', async () => {
    const env = { CAREGRAPH_DATA_DIR: join(app, '.data'), ...(await freePlatformPorts()) };
    const platform = startProcess('packages/platform/src/main.ts', env, [], { cwd: app });
    try {
      const [, url] = (await platform.waitFor(/GraphQL API\s+(\S+)/, 90_000)) as RegExpMatchArray;
      const login = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { login(email: "patient@demo.test", password: "demo-password") { user { role } } }' }),
      });
      expect(await login.json()).toEqual({ data: { login: { user: { role: 'PATIENT' } } } });

      // The image's CMD, against the subgraphs above, on a static supergraph.
      const gatewayPort = await freePort();
      const gateway = startProcess('packages/platform/src/gateway-main.ts', { ...env, GATEWAY_PORT: String(gatewayPort) }, [], { cwd: app });
      try {
        await waitUntilOk(`http://127.0.0.1:${gatewayPort}/ready?strict`, 30_000);
      } finally {
        expect(await gateway.stop(), gateway.output()).toBe(0);
      }
    } finally {
      expect(await platform.stop(), platform.output()).toBe(0);
    }
  }, 180_000);
});
