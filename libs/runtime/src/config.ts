import { resolve } from 'node:path';
import { z } from 'zod';
import { checkSettings } from './config.problems';
import {
  optionalPort,
  optionalText,
  parseSettings,
  readSettings,
  requiredText,
  wholeNumber,
  type RunMode,
} from './config.schema';
import { LOG_LEVELS, type LogLevel } from './json-logger';
import { metricsTokenSetting } from './http/metrics-access';

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

/**
 * The one configuration loader. Everything comes from environment variables
 * (twelve-factor), with development defaults that only apply outside production.
 */
export interface ServiceConfig {
  service: ServiceName;
  /** `production` disables every development convenience (dev token issuer, http callbacks, PGlite). */
  mode: RunMode;
  port: number;
  host: string;
  /** PostgreSQL server URL; when absent the service runs on embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  /**
   * PostgreSQL server URL of the schema-owning role; when set, migrations run over it and the
   * service connects with `databaseUrl` as a role granted only what it needs (issue 12 finding 8).
   */
  databaseMigrationUrl?: string | undefined;
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
  logLevel: LogLevel;
}

/** `MUNICIPALITY_PORT`, `SOCIAL_WORK_PORT`, …, then `PORT`: where a service's port comes from. */
function portSetting(service: ServiceName) {
  const own = `${service.toUpperCase().replace(/-/g, '_')}_PORT`;
  return z
    .object({ [own]: optionalPort(), PORT: optionalPort() })
    .transform((ports) => ports[own] ?? ports.PORT ?? SERVICE_PORTS[service]);
}

function serviceSettings(mode: RunMode) {
  return z
    .object({
      HOST: optionalText().transform((host) => host ?? (mode === 'production' ? '0.0.0.0' : '127.0.0.1')),
      KAFKA_BROKERS: optionalText()
        .transform((list) =>
          (list ?? '')
            .split(',')
            .map((broker) => broker.trim())
            .filter(Boolean),
        )
        .pipe(z.array(z.string()).min(1, 'must list at least one bootstrap server')),
      DATABASE_URL: mode === 'production' ? requiredText('is required in production') : optionalText(),
      DATABASE_MIGRATION_URL: optionalText(),
      DATABASE_NAME: optionalText(),
      KETENPAD_DATA_DIR: optionalText().transform((dir) => resolve(dir ?? resolve(process.cwd(), '.data'))),
      KAFKA_SESSION_TIMEOUT_MS: wholeNumber({
        fallback: 30_000,
        min: 6_000,
        message: 'must be a whole number of at least 6000',
      }),
      LOG_LEVEL: optionalText().pipe(
        z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
      ),
    })
    .transform((env) => ({
      host: env.HOST,
      databaseUrl: env.DATABASE_URL,
      databaseMigrationUrl: env.DATABASE_MIGRATION_URL,
      databaseName: env.DATABASE_NAME,
      dataDir: env.KETENPAD_DATA_DIR,
      kafkaBrokers: env.KAFKA_BROKERS,
      kafkaSessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      logLevel: env.LOG_LEVEL,
    }));
}

/** The platform settings of `service`; a ConfigError lists every problem at once. */
export function loadServiceConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const [port, { mode, settings }] = checkSettings([
    () => parseSettings(portSetting(service), env),
    () => readSettings(env, serviceSettings),
  ]);
  return { service, mode, port, ...settings };
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
  /**
   * The scrape secret `/metrics` requires as `Authorization: Bearer <token>`
   * (`METRICS_TOKEN` or `METRICS_TOKEN_FILE`). Unset: `/metrics` is open outside
   * production and not served in production.
   */
  metricsToken: string | undefined;
}

/** Production limits; development and test use high ones so benchmarks and demo loads are never throttled. */
const RATE_LIMIT_DEFAULTS = {
  production: { authenticated: 1200, unauthenticated: 120 },
  other: { authenticated: 100_000, unauthenticated: 100_000 },
} as const;

function httpSettings(mode: RunMode) {
  const defaults = mode === 'production' ? RATE_LIMIT_DEFAULTS.production : RATE_LIMIT_DEFAULTS.other;
  return z
    .object({
      HTTP_BODY_LIMIT: byteSize('64kb'),
      HTTP_JSON_MAX_DEPTH: wholeNumber({ fallback: 16, min: 1, message: 'must be a whole number of at least 1' }),
      CORS_ALLOWED_ORIGINS: origins(),
      RATE_LIMIT_PER_MINUTE: wholeNumber({
        fallback: defaults.authenticated,
        min: 0,
        message: 'must be a whole number of at least 0',
      }),
      RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: wholeNumber({
        fallback: defaults.unauthenticated,
        min: 0,
        message: 'must be a whole number of at least 0',
      }),
      METRICS_TOKEN: metricsTokenSetting(),
    })
    .transform((env) => ({
      production: mode === 'production',
      bodyLimitBytes: env.HTTP_BODY_LIMIT,
      jsonMaxDepth: env.HTTP_JSON_MAX_DEPTH,
      corsAllowedOrigins: env.CORS_ALLOWED_ORIGINS,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      unauthenticatedRateLimitPerMinute: env.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE,
      metricsToken: env.METRICS_TOKEN,
    }));
}

/**
 * `HTTP_BODY_LIMIT` (bytes, or with a `kb`/`mb` suffix; default 64kb),
 * `HTTP_JSON_MAX_DEPTH` (default 16), `CORS_ALLOWED_ORIGINS` (comma-separated
 * origins; default none), `RATE_LIMIT_PER_MINUTE` and
 * `RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE` (defaults 1200 and 120 in production,
 * 100000 otherwise), `METRICS_TOKEN` (the `/metrics` scrape secret).
 */
export function loadHttpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  return readSettings(env, httpSettings).settings;
}

const BYTE_FACTORS = { b: 1, kb: 1024, mb: 1024 * 1024 } as const;

/** `65536`, `64kb`, `1mb` (case-insensitive) in bytes; unset is `fallback`. */
function byteSize(fallback: string) {
  return optionalText().transform((value, ctx) => {
    const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(value ?? fallback);
    const bytes = match?.[1]
      ? parseInt(match[1], 10) * BYTE_FACTORS[(match[2] ?? 'b').toLowerCase() as keyof typeof BYTE_FACTORS]
      : 0;
    if (bytes >= 1) return bytes;
    ctx.addIssue({ code: 'custom', message: 'must be a size of at least one byte, like 65536, 64kb or 1mb' });
    return z.NEVER;
  });
}

/** Exact origins only (`https://portal.example.nl`); a wildcard would open the API to every site. */
function origins() {
  return optionalText().transform((value, ctx) => {
    const list = (value ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/$/, ''))
      .filter(Boolean);
    for (const origin of list.filter((o) => !isOrigin(o)))
      ctx.addIssue({
        code: 'custom',
        message: `holds "${origin}", which is not an origin like https://portal.example.nl`,
      });
    return list;
  });
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
