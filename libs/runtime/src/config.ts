import { resolve } from 'node:path';

/** Ports from DESIGN.md; each service listens on its own. */
export const SERVICE_PORTS = {
  portal: 3100,
  municipality: 3101,
  'social-work': 3102,
  'court-liaison': 3103,
  gp: 3104,
  timeline: 3105,
  'partner-gateway': 3106,
} as const;

export type ServiceName = keyof typeof SERVICE_PORTS;

export class ConfigError extends Error {}

/**
 * The one configuration loader. Everything comes from environment variables
 * (twelve-factor), with development defaults that only apply outside production.
 */
export interface ServiceConfig {
  service: ServiceName;
  /** `production` disables every development convenience (dev token issuer, http callbacks, PGlite). */
  mode: 'production' | 'development' | 'test';
  port: number;
  host: string;
  /** PostgreSQL server URL; when absent the service runs on embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  /** Database name on that server; default `ketenpad_<service>` (tests and side-by-side stacks override it). */
  databaseName: string | undefined;
  /** Root for local state: PGlite databases, dev issuer keys, dev broker address. */
  dataDir: string;
  /** Kafka bootstrap servers. */
  kafkaBrokers: string[];
  /**
   * Consumer-group session timeout. 30 s by default; the dev broker (librdkafka's
   * mock) keeps a departed member until its session expires instead of honouring
   * LeaveGroup, so local runs use its 6 s minimum to make restarts quick.
   */
  kafkaSessionTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export function loadServiceConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const mode = runtimeMode(env);
  const dataDir = resolve(env.KETENPAD_DATA_DIR ?? resolve(process.cwd(), '.data'));
  const portVar = `${service.toUpperCase().replace(/-/g, '_')}_PORT`;
  const port = parseInt(env[portVar] ?? env.PORT ?? String(SERVICE_PORTS[service]), 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${portVar} must be a port number`);
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new ConfigError('KAFKA_BROKERS must list at least one bootstrap server');
  if (mode === 'production' && !env.DATABASE_URL) throw new ConfigError('DATABASE_URL is required in production');
  const logLevel = (env.LOG_LEVEL ?? 'info') as ServiceConfig['logLevel'];
  const kafkaSessionTimeoutMs = parseInt(env.KAFKA_SESSION_TIMEOUT_MS ?? '30000', 10);
  if (!Number.isInteger(kafkaSessionTimeoutMs) || kafkaSessionTimeoutMs < 6000)
    throw new ConfigError('KAFKA_SESSION_TIMEOUT_MS must be a whole number of at least 6000');
  return {
    service,
    mode,
    port,
    host: env.HOST ?? (mode === 'production' ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseName: env.DATABASE_NAME || undefined,
    dataDir,
    kafkaBrokers: brokers,
    kafkaSessionTimeoutMs,
    logLevel,
  };
}

/**
 * The run mode from `NODE_ENV`. Unset means development; any value other than
 * `production`, `development` or `test` stops start-up, because a typo such as
 * `NODE_ENV=prod` would otherwise silently switch on every development
 * convenience (dev token issuer, dev keys) on a production host.
 */
export function runtimeMode(env: NodeJS.ProcessEnv = process.env): ServiceConfig['mode'] {
  const value = env.NODE_ENV?.trim();
  if (value === undefined || value === '' || value === 'development') return 'development';
  if (value === 'production' || value === 'test') return value;
  throw new ConfigError(`NODE_ENV must be production, development or test, not "${value}"`);
}

/** HTTP hardening settings of every service (`createServiceApp`, `RuntimeModule`). */
export interface HttpConfig {
  /** Adds `Strict-Transport-Security` (production only: local stacks run on plain HTTP). */
  production: boolean;
  /** Largest accepted request body in bytes; larger gets 413 before any handler runs. */
  bodyLimitBytes: number;
  /** Deepest accepted nesting of objects/arrays in a JSON body; deeper gets 400. */
  jsonMaxDepth: number;
  /** Origins allowed to call the API from a browser; empty means CORS stays off. */
  corsAllowedOrigins: string[];
  /** Requests per minute per authenticated caller (token subject + organisation); 0 = unlimited. */
  rateLimitPerMinute: number;
  /** Requests per minute per client IP that fail authentication; 0 = unlimited. */
  unauthenticatedRateLimitPerMinute: number;
}

/** Production limits; development and test use high ones so benchmarks and demo loads are never throttled. */
const RATE_LIMIT_DEFAULTS = {
  production: { authenticated: 1200, unauthenticated: 120 },
  other: { authenticated: 100_000, unauthenticated: 100_000 },
} as const;

/**
 * `HTTP_BODY_LIMIT` (bytes, or with a `kb`/`mb` suffix; default 64kb),
 * `HTTP_JSON_MAX_DEPTH` (default 16), `CORS_ALLOWED_ORIGINS` (comma-separated
 * origins; default none), `RATE_LIMIT_PER_MINUTE` and
 * `RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE` (defaults 1200 and 120 in production,
 * 100000 otherwise).
 */
export function loadHttpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  const production = runtimeMode(env) === 'production';
  const defaults = production ? RATE_LIMIT_DEFAULTS.production : RATE_LIMIT_DEFAULTS.other;
  return {
    production,
    bodyLimitBytes: parseByteSize('HTTP_BODY_LIMIT', env.HTTP_BODY_LIMIT ?? '64kb'),
    jsonMaxDepth: parseWholeNumber('HTTP_JSON_MAX_DEPTH', env.HTTP_JSON_MAX_DEPTH, 16, 1),
    corsAllowedOrigins: parseOrigins(env.CORS_ALLOWED_ORIGINS ?? ''),
    rateLimitPerMinute: parseWholeNumber('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, defaults.authenticated, 0),
    unauthenticatedRateLimitPerMinute: parseWholeNumber(
      'RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE',
      env.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE,
      defaults.unauthenticated,
      0,
    ),
  };
}

/** `65536`, `64kb`, `1mb` (case-insensitive) in bytes. */
export function parseByteSize(name: string, value: string): number {
  const match = /^\s*(\d+)\s*(b|kb|mb)?\s*$/i.exec(value);
  if (!match?.[1]) throw new ConfigError(`${name} must be a size like 65536, 64kb or 1mb`);
  const factor = { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb'];
  const bytes = parseInt(match[1], 10) * factor;
  if (bytes < 1) throw new ConfigError(`${name} must be at least one byte`);
  return bytes;
}

function parseWholeNumber(name: string, value: string | undefined, fallback: number, minimum: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value.trim());
  if (!Number.isInteger(parsed) || parsed < minimum)
    throw new ConfigError(`${name} must be a whole number of at least ${minimum}`);
  return parsed;
}

/** Exact origins only (`https://portal.example.nl`); a wildcard would open the API to every site. */
function parseOrigins(value: string): string[] {
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(
        `CORS_ALLOWED_ORIGINS holds "${origin}", which is not an origin like https://portal.example.nl`,
      );
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(
        `CORS_ALLOWED_ORIGINS holds "${origin}", which is not an origin like https://portal.example.nl`,
      );
    }
  }
  return origins.map((o) => o.replace(/\/$/, ''));
}
