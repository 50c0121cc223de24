import path from 'node:path';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** `transaction`: a pooler such as pgbouncer in transaction mode sits in front, so no session state may be used. */
export type DatabasePooler = 'none' | 'transaction';

export interface Config {
  readonly nodeEnv: NodeEnv;
  /** Unset: the service starts an embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly embeddedPostgresPort: number;
  readonly logLevel: LogLevel;
  /** How long a resolved credential is trusted before it is looked up again: bounds revocation delay. */
  readonly credentialCacheTtlMs: number;
  readonly databasePoolSize: number;
  /** What stands between the service and PostgreSQL: decides whether session state may be used. */
  readonly databasePooler: DatabasePooler;
  /** Upper bound on one SQL statement, so a stuck database turns into a 503, not a hang. */
  readonly statementTimeoutMs: number;
  /** Upper bound on waiting for a pooled connection. */
  readonly databaseAcquireTimeoutMs: number;
  /** How long start-up waits for an unreachable database before giving up. */
  readonly databaseStartupWaitMs: number;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  /** Apollo Sandbox and introspection; on by default everywhere but production. */
  readonly graphqlIntrospection: boolean;
  readonly seedDemoTenant: boolean;
  /** Requests per credential per window; 0 turns rate limiting off. */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** Failed authentications per client address per rate-limit window; 0 turns this limit off. */
  readonly authFailureLimitMax: number;
  /** Set: instances share rate-limit counts through this Redis. */
  readonly redisUrl: string | undefined;
  /** Deadline on one rate-limit command to Redis; past it the request passes uncounted. */
  readonly redisCommandTimeoutMs: number;
  /** Port of the separate Prometheus endpoint (same HOST); 0 turns it off. */
  readonly metricsPort: number;
  /** Set: traces are exported over OTLP/HTTP to this collector. Unset: tracing is not even loaded. */
  readonly otlpEndpoint: string | undefined;
  /** Browser origins allowed to call the API; empty: no CORS headers at all. */
  readonly corsOrigins: readonly string[];
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

function databaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value may hold a password: never echo it.
    throw new ConfigError('DATABASE_URL', 'is not a valid URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  return raw;
}

function redisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^rediss?:\/\/./.test(raw)) throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  return raw;
}

function otlpEndpoint(env: Env): string | undefined {
  const raw = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (raw === undefined || raw === '') return undefined;
  if (!/^https?:\/\/[^\s/]+/.test(raw)) throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT', `must be an http:// or https:// URL (got "${raw}")`);
  return raw;
}

/** Origins as a browser sends them: scheme, host and an optional port, nothing after. */
function corsOrigins(env: Env): readonly string[] {
  const raw = env.CORS_ORIGINS;
  if (raw === undefined || raw.trim() === '') return [];
  const origins = raw.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of origins) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin)) {
      throw new ConfigError('CORS_ORIGINS', `must be a comma list of origins such as https://shop.example (got "${origin}")`);
    }
  }
  return Object.freeze(origins);
}

/**
 * What src/telemetry.ts needs, read before anything else is loaded (instrumentation
 * must come first). Only the one variable: the rest of the configuration is read,
 * and its errors reported, by main as usual.
 */
export function loadTelemetryConfig(env: Env = process.env): { readonly otlpEndpoint: string | undefined } {
  try {
    return { otlpEndpoint: otlpEndpoint(env) };
  } catch {
    // loadConfig reports the bad value when main starts; tracing just stays off.
    return { otlpEndpoint: undefined };
  }
}

/** The only reader of process.env: validated, typed and frozen. Fails fast naming the variable. */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const production = nodeEnv === 'production';
  return Object.freeze({
    nodeEnv,
    databaseUrl: databaseUrl(env),
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65535),
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    embeddedPostgresPort: integer(env, 'EMBEDDED_POSTGRES_PORT', 54329, 1, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    credentialCacheTtlMs: integer(env, 'CREDENTIAL_CACHE_TTL_MS', 5000, 0, 60_000),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    databasePooler: oneOf(env, 'DATABASE_POOLER', ['none', 'transaction'] as const, 'none'),
    statementTimeoutMs: integer(env, 'STATEMENT_TIMEOUT_MS', 5000, 100, 600_000),
    databaseAcquireTimeoutMs: integer(env, 'DATABASE_ACQUIRE_TIMEOUT_MS', 3000, 100, 600_000),
    databaseStartupWaitMs: integer(env, 'DATABASE_STARTUP_WAIT_MS', 30_000, 0, 600_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 10_000, 1000, 600_000),
    graphqlIntrospection: flag(env, 'GRAPHQL_INTROSPECTION', !production),
    seedDemoTenant: !production && flag(env, 'SEED_DEMO_TENANT', true),
    // A payments API's usual ceiling: 100 requests a second for each credential.
    rateLimitMax: integer(env, 'RATE_LIMIT_MAX', 100, 0, 1_000_000),
    rateLimitWindowMs: integer(env, 'RATE_LIMIT_WINDOW_MS', 1000, 100, 3_600_000),
    // Guessing secrets: ten failures a second from one address is already no honest client.
    authFailureLimitMax: integer(env, 'AUTH_FAILURE_LIMIT_MAX', 10, 0, 1_000_000),
    redisUrl: redisUrl(env),
    // Tens of milliseconds: a Redis round trip is well under 1 ms, and a slow limiter must not slow requests.
    redisCommandTimeoutMs: integer(env, 'REDIS_COMMAND_TIMEOUT_MS', 50, 1, 10_000),
    metricsPort: integer(env, 'METRICS_PORT', 9464, 0, 65535),
    otlpEndpoint: otlpEndpoint(env),
    corsOrigins: corsOrigins(env),
  });
}
