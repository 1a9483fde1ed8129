/** What can be checked of the container deployment without a Docker engine: every subgraph present and fully configured. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSuffix } from '@caregraph/config';
import { composeSupergraph } from '../src/compose-supergraph';
import { SERVER_NODE_OPTIONS } from '../src/node-options';
import { SUBGRAPHS } from '../src/subgraphs';

const root = new URL('../../../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'), { merge: true }) as {
  services: Record<string, { command?: string[]; environment?: Record<string, string>; healthcheck?: { test: unknown }; depends_on?: Record<string, { condition: string }> }>;
};
const initSql = readFileSync(new URL('docker/postgres/init-databases.sql', root), 'utf8');
const databaseName = (name: string) => `caregraph_${envSuffix(name as never).toLowerCase()}`;

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, Redis, the migration step and the gateway with health checks', () => {
    for (const name of ['postgres', 'redis', 'gateway']) expect(compose.services[name]?.healthcheck, name).toBeDefined();
    expect(compose.services.migrate?.command).toEqual(['npm', 'run', 'db:migrate']);
  });

  describe.each(SUBGRAPHS.map((s) => s.name))('%s', (name) => {
    const service = compose.services[name]!;
    const suffix = envSuffix(name);

    it('is a service with its own database, Redis, production settings and a health check', () => {
      expect(service, `service ${name}`).toBeDefined();
      expect(service.command?.join(' ')).toContain(`packages/platform/src/subgraph-main.ts ${name}`);
      const env = service.environment!;
      expect(env[`DATABASE_URL_${suffix}`]).toMatch(new RegExp(`@postgres:5432/${databaseName(name)}$`));
      expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', REDIS_URL: 'redis://redis:6379' });
      expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/); // required from the operator, never a default
      expect(JSON.stringify(service.healthcheck?.test)).toContain('/health');
      expect(service.depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' }, redis: { condition: 'service_healthy' } });
    });

    it('has its database created at PostgreSQL init and migrated by the migrate step', () => {
      expect(initSql).toContain(`CREATE DATABASE ${databaseName(name)};`);
      expect(compose.services.migrate?.environment?.[`DATABASE_URL_${suffix}`]).toBe(service.environment![`DATABASE_URL_${suffix}`]);
    });

    it('is reached by the gateway, which starts after it is healthy', () => {
      const gateway = compose.services.gateway!;
      expect(gateway.environment![`SUBGRAPH_URL_${suffix}`]).toBe(`http://${name}:${service.environment![`PORT_${suffix}`]}/graphql`);
      expect(gateway.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    });
  });
});

describe('npm run compose', () => {
  it('composes every subgraph schema into one supergraph with the configured URLs', () => {
    const sdl = composeSupergraph((name) => `http://${name}.internal:4000/graphql`);
    for (const { name } of SUBGRAPHS) expect(sdl).toContain(`url: "http://${name}.internal:4000/graphql"`);
    expect(sdl).toContain('type User');
  });
});

describe('the V8 options of server processes (node-options.ts)', () => {
  const options = SERVER_NODE_OPTIONS.join(' ');

  it("are the image's NODE_OPTIONS, which every container it starts inherits", () => {
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    expect(dockerfile).toContain(`ENV NODE_OPTIONS=${options}\n`);
    // A NODE_OPTIONS of a service's own would replace the image's.
    for (const [name, service] of Object.entries(compose.services)) expect(service.environment?.NODE_OPTIONS, name).toBeUndefined();
  });

  it('are given to node by npm start', () => {
    const scripts = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`node ${options} --import tsx/esm packages/platform/src/main.ts`);
  });
});
