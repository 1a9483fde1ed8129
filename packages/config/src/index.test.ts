import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_JWT_SECRET, disableVendorTelemetry, environmentWithDotEnv, loadConfig, OPERATION_LIMIT_DEFAULTS, RATE_LIMIT_DEFAULTS, THROTTLE_DEFAULTS } from './index';

describe('loadConfig', () => {
  it('runs on its embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config.production).toBe(false);
    expect(config.dataDir).toBe('.data');
    expect(config.redis).toBeUndefined();
    expect(config.seedDemoData).toBe(true);
    expect(config.contexts.identity).toEqual({ databaseUrl: undefined, port: 4001, subgraphUrl: 'http://127.0.0.1:4001/graphql' });
    expect(config.contexts['care-team'].port).toBe(4003);
    expect(config.jwt).toMatchObject({ algorithm: 'HS256', verifyKey: DEVELOPMENT_JWT_SECRET, accessTtlSeconds: 900 });
  });

  it('reads per-context database URLs and Redis', () => {
    const config = loadConfig({ DATABASE_URL_CARE_TEAM: 'postgres://db/care', REDIS_URL: 'redis://r:6379', REDIS_KEY_PREFIX: 'x:' });
    expect(config.contexts['care-team'].databaseUrl).toBe('postgres://db/care');
    expect(config.redis).toEqual({ url: 'redis://r:6379', keyPrefix: 'x:' });
  });

  it('refuses production with the development secret or demo data, listing every problem at once', () => {
    const attempt = () => loadConfig({ NODE_ENV: 'production', CAREGRAPH_SEED_DEMO: 'true' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        expect.stringContaining('JWT_SECRET: production refuses the development JWT secret'),
        expect.stringContaining('REDIS_URL: production needs Redis'),
        expect.stringContaining('CAREGRAPH_SEED_DEMO: production never seeds demo data'),
      ]);
    }
  });

  it('starts in production with a real secret, never seeding and without the IDE', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(48), REDIS_URL: 'redis://redis:6379' });
    expect(config).toMatchObject({ production: true, seedDemoData: false, introspection: false, corsOrigins: [] });
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.org, https://admin.example.org' }).corsOrigins).toEqual(['https://app.example.org', 'https://admin.example.org']);
  });

  it('rejects malformed values', () => {
    expect(() => loadConfig({ GATEWAY_PORT: 'eighty', DATABASE_URL_IDENTITY: 'not a url', JWT_SECRET: 'short' })).toThrow(
      /GATEWAY_PORT[\s\S]*JWT_SECRET[\s\S]*DATABASE_URL_IDENTITY/,
    );
  });

  it('needs a public key for asymmetric algorithms', () => {
    expect(() => loadConfig({ JWT_ALGORITHM: 'RS256' })).toThrow(/JWT_PUBLIC_KEY/);
  });

  it('reads operation limits, throttles and CORS headers, with documented defaults', () => {
    const defaults = loadConfig({});
    expect(defaults.limits).toEqual(OPERATION_LIMIT_DEFAULTS);
    expect(defaults.throttle).toEqual(THROTTLE_DEFAULTS);
    expect(defaults.corsAllowedHeaders).toEqual(expect.arrayContaining(['x-request-id', 'apollographql-client-name', 'apollographql-client-version']));
    const config = loadConfig({ MAX_QUERY_DEPTH: '8', MAX_QUERY_COST: '500', LOGIN_FAILURES_PER_ADDRESS: '3', CORS_ALLOWED_HEADERS: 'Authorization, X-Custom' });
    expect(config.limits).toMatchObject({ depth: 8, cost: 500 });
    expect(config.throttle.addressFailures).toBe(3);
    expect(config.corsAllowedHeaders).toEqual(['authorization', 'x-custom']);
    expect(() => loadConfig({ MAX_QUERY_ALIASES: '0' })).toThrow(/MAX_QUERY_ALIASES/);
  });

  it('reads rate-limit budgets per operation class, with documented defaults', () => {
    expect(loadConfig({}).rateLimits).toEqual(RATE_LIMIT_DEFAULTS);
    const config = loadConfig({ RATE_LIMIT_WRITES_PER_USER: '3', RATE_LIMIT_SUBSCRIPTIONS_PER_ADDRESS: '7', RATE_LIMIT_WINDOW_SECONDS: '10' });
    expect(config.rateLimits).toMatchObject({ writes: { perUser: 3 }, subscriptions: { perAddress: 7 }, reads: RATE_LIMIT_DEFAULTS.reads, windowSeconds: 10 });
    expect(() => loadConfig({ RATE_LIMIT_READS_PER_USER: '0' })).toThrow(/RATE_LIMIT_READS_PER_USER/);
  });

  it('reads trusted proxies as addresses, ranges and named ranges, refusing anything else', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.1, 10.1.0.0/16,fd00::/8, loopback' }).trustedProxies).toEqual(['10.0.0.1', '10.1.0.0/16', 'fd00::/8', 'loopback']);
    for (const bad of ['10.0.0.0/33', 'proxy.example.org', '10.0.0.1/8/8', '*']) expect(() => loadConfig({ TRUSTED_PROXIES: bad })).toThrow(/TRUSTED_PROXIES/);
  });

  it('derives the gateway secret from the shared HS256 secret, and asks for one with RS256 in production', () => {
    expect(loadConfig({}).gatewaySecret).toEqual(loadConfig({}).gatewaySecret);
    expect(loadConfig({}).gatewaySecret).not.toContain(DEVELOPMENT_JWT_SECRET);
    expect(loadConfig({ GATEWAY_SECRET: 's'.repeat(32) }).gatewaySecret).toBe('s'.repeat(32));
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: 'pem', REDIS_URL: 'redis://r:6379' })).toThrow(/GATEWAY_SECRET/);
  });

  it('tells an explicit LOG_LEVEL from the default', () => {
    expect(loadConfig({})).toMatchObject({ logLevel: 'info', logLevelExplicit: false });
    expect(loadConfig({ LOG_LEVEL: 'info' })).toMatchObject({ logLevel: 'info', logLevelExplicit: true });
  });
});

describe('disableVendorTelemetry', () => {
  it("turns @apollo/gateway's reporting off unless the operator chose", () => {
    const unset: Record<string, string | undefined> = {};
    disableVendorTelemetry(unset);
    expect(unset.APOLLO_TELEMETRY_DISABLED).toBe('true');
    const chosen: Record<string, string | undefined> = { APOLLO_TELEMETRY_DISABLED: 'false' };
    disableVendorTelemetry(chosen);
    expect(chosen.APOLLO_TELEMETRY_DISABLED).toBe('false');
  });
});

describe('environmentWithDotEnv', () => {
  it('reads a .env file under the real environment, which wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caregraph-env-'));
    try {
      const file = join(dir, '.env');
      writeFileSync(file, '# comment\nGATEWAY_PORT=5100\nLOG_LEVEL=debug\nMAX_QUERY_DEPTH="9"\n');
      const environment = environmentWithDotEnv({ CAREGRAPH_ENV_FILE: file, LOG_LEVEL: 'warn' });
      expect(loadConfig(environment)).toMatchObject({ gatewayPort: 5100, logLevel: 'warn', limits: expect.objectContaining({ depth: 9 }) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is the environment unchanged when there is no such file', () => {
    const environment = { CAREGRAPH_ENV_FILE: '/nonexistent/caregraph.env', GATEWAY_PORT: '5101' };
    expect(environmentWithDotEnv(environment)).toBe(environment);
  });
});
