/** The one validated configuration of a Caregraph process: the only module that reads the environment. */
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { CONTEXT_NAMES, CONTEXT_PORTS, envSuffix, type ContextName } from './contexts';

export * from './contexts';

/** Clearly a development default: production refuses to start with it. */
export const DEVELOPMENT_JWT_SECRET = 'caregraph-development-secret-do-not-use-in-production';

const port = z.coerce.number().int().min(0).max(65535);
const seconds = z.coerce.number().int().positive();
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const url = z.string().url();
const count = z.coerce.number().int().positive();
/** What a trusted-proxy entry may be: an address, a CIDR range, or one of the named ranges (as `proxy-addr` reads them). */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const proxyEntry = (entry: string) => {
  const [address = '', bits, ...rest] = entry.split('/');
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const family = isIP(address);
  return family !== 0 && rest.length === 0 && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
};
const proxyList = z
  .string()
  .transform((v) => v.split(',').map((e) => e.trim()).filter(Boolean))
  .refine((entries) => entries.every(proxyEntry), { message: `each entry is an IP address, a CIDR range or one of ${PROXY_RANGE_NAMES.join(', ')}` });

/** Operation limits applied by the gateway and by every subgraph (docs/security.md explains each). */
export type OperationLimits = {
  /** Nesting of fields (fragments count as their content; `__schema` subtrees are limited by introspectionDepth). */
  depth: number;
  aliases: number;
  /** Fields at the root of an operation, fragments included. */
  rootFields: number;
  /** Lexical tokens of the document, checked while parsing. */
  tokens: number;
  directives: number;
  /** Estimated fields returned: each field costs 1, multiplied by the sizes of the lists around it. */
  cost: number;
  /** Nesting under `__schema` / `__type`; the standard introspection query needs 13. */
  introspectionDepth: number;
  /** Size assumed for a list whose length the operation does not state (plain lists, `first: $variable`). */
  assumedListSize: number;
};

export const OPERATION_LIMIT_DEFAULTS: OperationLimits = {
  depth: 12,
  aliases: 30,
  rootFields: 20,
  tokens: 2000,
  directives: 20,
  cost: 100000,
  introspectionDepth: 15,
  assumedListSize: 10,
};

/** What one gateway process allows its graphql-ws clients (docs/subscriptions.md). */
export type SubscriptionLimits = {
  /** Subscriptions running at once on one WebSocket connection. */
  perConnection: number;
  /** WebSocket connections of one user account at once (each tab or dashboard is one). */
  connectionsPerUser: number;
  /** Events waiting for one subscription before its client counts as too slow and is disconnected. */
  pendingEvents: number;
};

export const SUBSCRIPTION_LIMIT_DEFAULTS: SubscriptionLimits = { perConnection: 20, connectionsPerUser: 20, pendingEvents: 100 };

/** How the gateway treats a subgraph that is down or slow (docs/operations.md, "Subgraph faults"). */
export type SubgraphFaultLimits = {
  /** One subgraph call may take this long (until its response headers) before it counts as failed. */
  timeoutMs: number;
  /** Consecutive failed calls to one subgraph that open its circuit: later calls fail at once. */
  breakerFailures: number;
  /** How long an open circuit waits before letting one probe call through (success closes it again). */
  breakerCooldownMs: number;
};

export const SUBGRAPH_FAULT_DEFAULTS: SubgraphFaultLimits = { timeoutMs: 10_000, breakerFailures: 5, breakerCooldownMs: 5_000 };

/** Sign-in and registration budgets; each counts within the rolling window. */
export type ThrottleConfig = {
  /** Failed sign-ins to one account from one client address (the attacker's own budget). */
  accountAndAddressFailures: number;
  /** Failed sign-ins to one account from all addresses together: high, so strangers cannot lock the owner out cheaply. */
  accountFailures: number;
  /** Failed sign-ins from one address over all accounts (password spraying). */
  addressFailures: number;
  /** Registration attempts from one address (registration answers whether an email is taken). */
  addressRegistrations: number;
  windowSeconds: number;
};

export const THROTTLE_DEFAULTS: ThrottleConfig = {
  accountAndAddressFailures: 5,
  accountFailures: 100,
  addressFailures: 20,
  addressRegistrations: 10,
  windowSeconds: 15 * 60,
};

/** Requests one key may make per sliding window, for each operation class (docs/security.md, "Rate limits"). */
export type RateLimitBudget = {
  /** Per signed-in account, over every address it calls from. */
  perUser: number;
  /** Per client address, over every account (and anonymous requests); higher, since many people share one NAT. */
  perAddress: number;
};

/** Gateway rate limits: reads are queries, writes are mutations, subscriptions are new graphql-ws subscribe operations. */
export type RateLimitConfig = {
  reads: RateLimitBudget;
  writes: RateLimitBudget;
  subscriptions: RateLimitBudget;
  windowSeconds: number;
};

export const RATE_LIMIT_DEFAULTS: RateLimitConfig = {
  reads: { perUser: 1200, perAddress: 6000 },
  writes: { perUser: 300, perAddress: 1500 },
  subscriptions: { perUser: 120, perAddress: 600 },
  windowSeconds: 60,
};

/** Request headers browsers may send cross-origin unless CORS_ALLOWED_HEADERS replaces the list. */
export const DEFAULT_CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'x-request-id',
];

/** Per-context variables: DATABASE_URL_<CONTEXT>, SUBGRAPH_URL_<CONTEXT>, PORT_<CONTEXT>. */
const PerContextEnv = z.object(
  Object.fromEntries(
    CONTEXT_NAMES.flatMap((c) => [
      [`DATABASE_URL_${envSuffix(c)}`, url.optional()],
      [`SUBGRAPH_URL_${envSuffix(c)}`, url.optional()],
      [`PORT_${envSuffix(c)}`, port.optional()],
    ]),
  ),
);

const Env = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional(),
    HOST: z.string().default('127.0.0.1'),
    GATEWAY_PORT: port.default(4000),
    GATEWAY_WORKERS: count.default(1),
    CAREGRAPH_DATA_DIR: z.string().default('.data'),
    CAREGRAPH_SEED_DEMO: flag.optional(),
    CAREGRAPH_INTROSPECTION: flag.optional(),
    REDIS_URL: url.optional(),
    REDIS_KEY_PREFIX: z.string().default('caregraph:'),
    JWT_ALGORITHM: z.enum(['HS256', 'RS256', 'ES256']).default('HS256'),
    JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').default(DEVELOPMENT_JWT_SECRET),
    JWT_PRIVATE_KEY: z.string().optional(),
    JWT_PUBLIC_KEY: z.string().optional(),
    JWT_ISSUER: z.string().default('caregraph-identity'),
    JWT_AUDIENCE: z.string().default('caregraph'),
    JWT_ACCESS_TTL_SECONDS: seconds.max(3600).default(900),
    JWT_REFRESH_TTL_SECONDS: seconds.default(14 * 24 * 3600),
    SUPERGRAPH_PATH: z.string().optional(),
    MAX_QUERY_DEPTH: count.default(OPERATION_LIMIT_DEFAULTS.depth),
    MAX_QUERY_ALIASES: count.default(OPERATION_LIMIT_DEFAULTS.aliases),
    MAX_ROOT_FIELDS: count.default(OPERATION_LIMIT_DEFAULTS.rootFields),
    MAX_QUERY_TOKENS: count.default(OPERATION_LIMIT_DEFAULTS.tokens),
    MAX_QUERY_DIRECTIVES: count.default(OPERATION_LIMIT_DEFAULTS.directives),
    MAX_QUERY_COST: count.default(OPERATION_LIMIT_DEFAULTS.cost),
    MAX_INTROSPECTION_DEPTH: count.default(OPERATION_LIMIT_DEFAULTS.introspectionDepth),
    QUERY_COST_LIST_SIZE: count.default(OPERATION_LIMIT_DEFAULTS.assumedListSize),
    MAX_SUBSCRIPTIONS_PER_CONNECTION: count.default(SUBSCRIPTION_LIMIT_DEFAULTS.perConnection),
    MAX_CONNECTIONS_PER_USER: count.default(SUBSCRIPTION_LIMIT_DEFAULTS.connectionsPerUser),
    MAX_PENDING_EVENTS: count.default(SUBSCRIPTION_LIMIT_DEFAULTS.pendingEvents),
    SUBGRAPH_TIMEOUT_MS: count.default(SUBGRAPH_FAULT_DEFAULTS.timeoutMs),
    SUBGRAPH_BREAKER_FAILURES: count.default(SUBGRAPH_FAULT_DEFAULTS.breakerFailures),
    SUBGRAPH_BREAKER_COOLDOWN_MS: count.default(SUBGRAPH_FAULT_DEFAULTS.breakerCooldownMs),
    LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS: count.default(THROTTLE_DEFAULTS.accountAndAddressFailures),
    LOGIN_FAILURES_PER_ACCOUNT: count.default(THROTTLE_DEFAULTS.accountFailures),
    LOGIN_FAILURES_PER_ADDRESS: count.default(THROTTLE_DEFAULTS.addressFailures),
    REGISTRATIONS_PER_ADDRESS: count.default(THROTTLE_DEFAULTS.addressRegistrations),
    THROTTLE_WINDOW_SECONDS: seconds.default(THROTTLE_DEFAULTS.windowSeconds),
    RATE_LIMIT_READS_PER_USER: count.default(RATE_LIMIT_DEFAULTS.reads.perUser),
    RATE_LIMIT_READS_PER_ADDRESS: count.default(RATE_LIMIT_DEFAULTS.reads.perAddress),
    RATE_LIMIT_WRITES_PER_USER: count.default(RATE_LIMIT_DEFAULTS.writes.perUser),
    RATE_LIMIT_WRITES_PER_ADDRESS: count.default(RATE_LIMIT_DEFAULTS.writes.perAddress),
    RATE_LIMIT_SUBSCRIPTIONS_PER_USER: count.default(RATE_LIMIT_DEFAULTS.subscriptions.perUser),
    RATE_LIMIT_SUBSCRIPTIONS_PER_ADDRESS: count.default(RATE_LIMIT_DEFAULTS.subscriptions.perAddress),
    RATE_LIMIT_WINDOW_SECONDS: seconds.default(RATE_LIMIT_DEFAULTS.windowSeconds),
    TRUSTED_PROXIES: proxyList.optional(),
    GATEWAY_SECRET: z.string().min(32, 'GATEWAY_SECRET must be at least 32 characters').optional(),
    CORS_ORIGINS: z.string().optional(),
    CORS_ALLOWED_HEADERS: z.string().optional(),
    METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
    OTEL_TRACES_EXPORTER: z.enum(['none', 'otlp', 'console']).default('none'),
    OTEL_EXPORTER_OTLP_ENDPOINT: url.default('http://localhost:4318'),
    OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  })
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    if (env.JWT_ALGORITHM === 'HS256') {
      if (production && env.JWT_SECRET === DEVELOPMENT_JWT_SECRET)
        ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'production refuses the development JWT secret: set JWT_SECRET (or use RS256/ES256 keys)' });
    } else if (!env.JWT_PUBLIC_KEY) {
      ctx.addIssue({ code: 'custom', path: ['JWT_PUBLIC_KEY'], message: `${env.JWT_ALGORITHM} needs JWT_PUBLIC_KEY (PEM); the identity service also needs JWT_PRIVATE_KEY` });
    }
    if (production && !env.REDIS_URL)
      ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'production needs Redis so that revocations and events reach every service' });
    if (production && env.JWT_ALGORITHM !== 'HS256' && !env.GATEWAY_SECRET)
      ctx.addIssue({ code: 'custom', path: ['GATEWAY_SECRET'], message: 'production with RS256/ES256 needs GATEWAY_SECRET so that subgraphs can trust the client address the gateway forwards' });
    if (production && env.CAREGRAPH_SEED_DEMO)
      ctx.addIssue({ code: 'custom', path: ['CAREGRAPH_SEED_DEMO'], message: 'production never seeds demo data' });
  });

/** Every variable this module reads (`.env.example` documents each; a test keeps the two in step). */
export const CONFIG_VARIABLES: readonly string[] = ['CAREGRAPH_ENV_FILE', ...Object.keys(Env.shape), ...Object.keys(PerContextEnv.shape)];

export type JwtConfig = {
  algorithm: 'HS256' | 'RS256' | 'ES256';
  /** HS256 secret, or the PEM private key (only the identity service has it). */
  signingKey?: string;
  /** HS256 secret, or the PEM public key: all a verifier holds. */
  verifyKey: string;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
};

export type Config = {
  env: 'development' | 'production' | 'test';
  production: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** LOG_LEVEL was set (rather than defaulted): `npm start` keeps its console quiet unless asked. */
  logLevelExplicit: boolean;
  host: string;
  gatewayPort: number;
  /** Processes of a standalone gateway sharing GATEWAY_PORT (gateway-main.ts; embedded runs one). */
  gatewayWorkers: number;
  dataDir: string;
  seedDemoData: boolean;
  introspection: boolean;
  limits: OperationLimits;
  subscriptions: SubscriptionLimits;
  subgraphFaults: SubgraphFaultLimits;
  throttle: ThrottleConfig;
  rateLimits: RateLimitConfig;
  /**
   * Proves a request comes from the gateway, so a subgraph may trust the client address it forwards. GATEWAY_SECRET,
   * else derived from the shared HS256 secret; none with RS256 keys (then subgraphs use the socket address).
   */
  gatewaySecret?: string;
  /**
   * Proxies in front of the gateway whose `X-Forwarded-For` it believes (addresses, CIDR ranges, `loopback`,
   * `linklocal`, `uniquelocal`); none by default, so the client address is the socket's peer.
   */
  trustedProxies: string[];
  /** Browser origins allowed to call the gateway (`*` for any). */
  corsOrigins: string[];
  /** Request headers those origins may send. */
  corsAllowedHeaders: string[];
  redis?: { url: string; keyPrefix: string };
  /** `/metrics` on every server; with a token, only a scraper presenting it is answered. */
  metrics: { token?: string };
  /** OpenTelemetry traces (@caregraph/observability): off unless an exporter is chosen. */
  tracing: { exporter: 'none' | 'otlp' | 'console'; endpoint: string; sampleRatio: number };
  jwt: JwtConfig;
  supergraphPath?: string;
  contexts: Record<ContextName, { databaseUrl?: string; port: number; subgraphUrl: string }>;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Environment = Record<string, string | undefined>;

/**
 * The process environment over the variables of a `.env` file (`CAREGRAPH_ENV_FILE`, default `.env` in the working
 * directory) when one exists: what `npm start` configures itself from. A variable set in the real environment wins,
 * so `LOG_LEVEL=debug npm start` overrides the file. `process.env` itself is left untouched.
 */
export function environmentWithDotEnv(environment: Environment = process.env): Environment {
  const file = environment.CAREGRAPH_ENV_FILE || '.env';
  if (!existsSync(file)) return environment;
  return { ...parseEnv(readFileSync(file, 'utf8')), ...environment };
}

/**
 * `DATABASE_URL_<CONTEXT>` for the Prisma CLI (`prisma/<context>/prisma.config.ts`), from the environment or `.env`,
 * undefined in embedded mode. Read on its own so that an unrelated bad variable never blocks `prisma validate`.
 */
export function prismaDatasourceUrl(context: ContextName, environment: Environment = environmentWithDotEnv()): string | undefined {
  return environment[`DATABASE_URL_${envSuffix(context)}`] || undefined;
}

/**
 * @apollo/gateway, unless APOLLO_TELEMETRY_DISABLED is set, reports anonymous usage to Apollo's servers over HTTPS
 * and probes the cloud metadata addresses of AWS, GCP, Azure and Alibaba to describe the host. A health platform
 * makes no connection its operator did not configure, so every process that builds a gateway turns it off first; an
 * operator who wants it sets `APOLLO_TELEMETRY_DISABLED=false`.
 */
export function disableVendorTelemetry(environment: Environment = process.env): void {
  environment.APOLLO_TELEMETRY_DISABLED ??= 'true';
}

/** Validates the environment once, listing every problem at once. Blank values count as unset. */
export function loadConfig(environment: Environment = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(cleaned);
  const parsedPerContext = PerContextEnv.safeParse(cleaned);
  const issues = [...(parsed.error?.issues ?? []), ...(parsedPerContext.error?.issues ?? [])];
  if (!parsed.success || !parsedPerContext.success || issues.length > 0) {
    throw new ConfigError(issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const env = parsed.data;
  const perContext = parsedPerContext.data as Record<string, string | number | undefined>;
  const production = env.NODE_ENV === 'production';
  const hs = env.JWT_ALGORITHM === 'HS256';
  const contexts = Object.fromEntries(
    CONTEXT_NAMES.map((c) => {
      const suffix = envSuffix(c);
      const contextPort = (perContext[`PORT_${suffix}`] as number | undefined) ?? CONTEXT_PORTS[c];
      return [
        c,
        {
          databaseUrl: perContext[`DATABASE_URL_${suffix}`] as string | undefined,
          port: contextPort,
          subgraphUrl: (perContext[`SUBGRAPH_URL_${suffix}`] as string | undefined) ?? `http://${env.HOST}:${contextPort}/graphql`,
        },
      ];
    }),
  ) as Config['contexts'];
  return {
    env: env.NODE_ENV,
    production,
    logLevel: env.LOG_LEVEL ?? 'info',
    logLevelExplicit: env.LOG_LEVEL !== undefined,
    host: env.HOST,
    gatewayPort: env.GATEWAY_PORT,
    gatewayWorkers: env.GATEWAY_WORKERS,
    dataDir: env.CAREGRAPH_DATA_DIR,
    seedDemoData: env.CAREGRAPH_SEED_DEMO ?? !production,
    introspection: env.CAREGRAPH_INTROSPECTION ?? !production,
    limits: {
      depth: env.MAX_QUERY_DEPTH,
      aliases: env.MAX_QUERY_ALIASES,
      rootFields: env.MAX_ROOT_FIELDS,
      tokens: env.MAX_QUERY_TOKENS,
      directives: env.MAX_QUERY_DIRECTIVES,
      cost: env.MAX_QUERY_COST,
      introspectionDepth: env.MAX_INTROSPECTION_DEPTH,
      assumedListSize: env.QUERY_COST_LIST_SIZE,
    },
    subscriptions: {
      perConnection: env.MAX_SUBSCRIPTIONS_PER_CONNECTION,
      connectionsPerUser: env.MAX_CONNECTIONS_PER_USER,
      pendingEvents: env.MAX_PENDING_EVENTS,
    },
    subgraphFaults: {
      timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
      breakerFailures: env.SUBGRAPH_BREAKER_FAILURES,
      breakerCooldownMs: env.SUBGRAPH_BREAKER_COOLDOWN_MS,
    },
    throttle: {
      accountAndAddressFailures: env.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
      accountFailures: env.LOGIN_FAILURES_PER_ACCOUNT,
      addressFailures: env.LOGIN_FAILURES_PER_ADDRESS,
      addressRegistrations: env.REGISTRATIONS_PER_ADDRESS,
      windowSeconds: env.THROTTLE_WINDOW_SECONDS,
    },
    rateLimits: {
      reads: { perUser: env.RATE_LIMIT_READS_PER_USER, perAddress: env.RATE_LIMIT_READS_PER_ADDRESS },
      writes: { perUser: env.RATE_LIMIT_WRITES_PER_USER, perAddress: env.RATE_LIMIT_WRITES_PER_ADDRESS },
      subscriptions: { perUser: env.RATE_LIMIT_SUBSCRIPTIONS_PER_USER, perAddress: env.RATE_LIMIT_SUBSCRIPTIONS_PER_ADDRESS },
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    },
    // Every service holding the HS256 secret can derive the same value, so services mode needs no extra variable.
    gatewaySecret: env.GATEWAY_SECRET ?? (hs ? createHmac('sha256', env.JWT_SECRET).update('caregraph gateway forwarding').digest('base64url') : undefined),
    trustedProxies: env.TRUSTED_PROXIES ?? [],
    corsAllowedHeaders: (env.CORS_ALLOWED_HEADERS?.split(',') ?? DEFAULT_CORS_ALLOWED_HEADERS).map((h) => h.trim().toLowerCase()).filter(Boolean),
    // Tokens travel in a header, never a cookie, so any origin is harmless in development; production lists its own.
    corsOrigins: (env.CORS_ORIGINS ?? (production ? '' : '*')).split(',').map((o) => o.trim()).filter(Boolean),
    redis: env.REDIS_URL ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX } : undefined,
    metrics: { token: env.METRICS_TOKEN },
    tracing: { exporter: env.OTEL_TRACES_EXPORTER, endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, sampleRatio: env.OTEL_TRACES_SAMPLER_ARG },
    jwt: {
      algorithm: env.JWT_ALGORITHM,
      signingKey: hs ? env.JWT_SECRET : env.JWT_PRIVATE_KEY,
      verifyKey: hs ? env.JWT_SECRET : env.JWT_PUBLIC_KEY!,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS,
      refreshTtlSeconds: env.JWT_REFRESH_TTL_SECONDS,
    },
    supergraphPath: env.SUPERGRAPH_PATH,
    contexts,
  };
}
