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
  const mode = parseMode(env.NODE_ENV);
  const dataDir = resolve(env.KETENPAD_DATA_DIR ?? resolve(process.cwd(), '.data'));
  const portVar = `${service.toUpperCase().replace(/-/g, '_')}_PORT`;
  const port = parseInt(env[portVar] ?? env.PORT ?? String(SERVICE_PORTS[service]), 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${portVar} must be a port number`);
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) throw new ConfigError('KAFKA_BROKERS must list at least one bootstrap server');
  if (mode === 'production' && !env.DATABASE_URL) throw new ConfigError('DATABASE_URL is required in production');
  const logLevel = (env.LOG_LEVEL ?? 'info') as ServiceConfig['logLevel'];
  const kafkaSessionTimeoutMs = parseInt(env.KAFKA_SESSION_TIMEOUT_MS ?? '30000', 10);
  if (!Number.isInteger(kafkaSessionTimeoutMs) || kafkaSessionTimeoutMs < 6000) throw new ConfigError('KAFKA_SESSION_TIMEOUT_MS must be a whole number of at least 6000');
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

function parseMode(value: string | undefined): ServiceConfig['mode'] {
  if (value === 'production' || value === 'test') return value;
  return 'development';
}
