import { ConfigError, type ServiceConfig } from '@ketenpad/runtime';
import { DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from './domain/retry.schedule';

/** Settings of the partner gateway beyond the platform's `ServiceConfig`. */
export interface PartnerGatewayConfig {
  /** Base URL partners reach the gateway at; `dataref` links and the handshake origin derive from it. */
  readonly publicUrl: string;
  /** AES-256 key sealing the subscriptions' signing secrets (PARTNER_GATEWAY_SECRET_KEY). */
  readonly secretKey: Buffer;
  /** `https` callbacks only. */
  readonly production: boolean;
  readonly retry: RetrySchedule;
  /** Time limit of one webhook call (connect to last byte). */
  readonly httpTimeoutMs: number;
  /** Deliveries in flight at once, over all subscriptions. */
  readonly maxInFlight: number;
  /** Deliveries in flight at once for one subscription, so one slow partner cannot take every slot. */
  readonly maxInFlightPerSubscription: number;
  /**
   * Notifications of one (subscription, pathway) claimed and delivered together
   * at most, in order on one slot: fewer database round trips per delivery.
   */
  readonly deliveryRunLength: number;
  /** How often the worker looks for due deliveries when nothing woke it. */
  readonly pollIntervalMs: number;
  /** How long the delivery log keeps attempts. */
  readonly deliveryLogRetentionDays: number;
}

// Public on purpose: protects nothing, exists so `npm start` works without setup. Refused in production.
const DEV_SECRET_KEY = 'a2V0ZW5wYWQtZGV2LXBhcnRuZXItc2VjcmV0LWtleTE=';

/**
 * Reads the gateway's settings from the environment (twelve-factor, like
 * `loadServiceConfig`). Outside production a missing secret key falls back to
 * a development key and the public URL to the service's own address.
 */
export function loadPartnerGatewayConfig(
  service: Pick<ServiceConfig, 'mode' | 'host' | 'port'>,
  env: NodeJS.ProcessEnv = process.env,
): PartnerGatewayConfig {
  const production = service.mode === 'production';
  const publicUrl =
    env.PARTNER_GATEWAY_PUBLIC_URL?.trim() ||
    (production ? undefined : `http://${service.host === '0.0.0.0' ? '127.0.0.1' : service.host}:${service.port}`);
  if (publicUrl === undefined) throw new ConfigError('PARTNER_GATEWAY_PUBLIC_URL is required in production');
  return {
    publicUrl: publicUrl.replace(/\/+$/, ''),
    secretKey: secretKey(env.PARTNER_GATEWAY_SECRET_KEY, production),
    production,
    retry: {
      baseDelayMs: positive(env, 'PARTNER_GATEWAY_RETRY_BASE_MS', DEFAULT_RETRY_SCHEDULE.baseDelayMs),
      maxDelayMs: positive(env, 'PARTNER_GATEWAY_RETRY_MAX_DELAY_MS', DEFAULT_RETRY_SCHEDULE.maxDelayMs),
      // Issue 5: retries for at least 24 hours; a shorter window is refused.
      retryWindowMs: Math.max(
        DEFAULT_RETRY_SCHEDULE.retryWindowMs,
        positive(env, 'PARTNER_GATEWAY_RETRY_WINDOW_MS', DEFAULT_RETRY_SCHEDULE.retryWindowMs),
      ),
    },
    httpTimeoutMs: positive(env, 'PARTNER_GATEWAY_HTTP_TIMEOUT_MS', 10_000),
    maxInFlight: positive(env, 'PARTNER_GATEWAY_MAX_IN_FLIGHT', 32),
    maxInFlightPerSubscription: positive(env, 'PARTNER_GATEWAY_MAX_IN_FLIGHT_PER_SUBSCRIPTION', 4),
    deliveryRunLength: positive(env, 'PARTNER_GATEWAY_DELIVERY_RUN_LENGTH', 20),
    pollIntervalMs: positive(env, 'PARTNER_GATEWAY_POLL_INTERVAL_MS', 500),
    deliveryLogRetentionDays: positive(env, 'PARTNER_GATEWAY_DELIVERY_LOG_RETENTION_DAYS', 30),
  };
}

function secretKey(raw: string | undefined, production: boolean): Buffer {
  const value = raw?.trim();
  if (!value) {
    if (production)
      throw new ConfigError('PARTNER_GATEWAY_SECRET_KEY is required in production (32 random bytes, base64)');
    return Buffer.from(DEV_SECRET_KEY, 'base64');
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== value)
    throw new ConfigError('PARTNER_GATEWAY_SECRET_KEY must be exactly 32 bytes, base64-encoded');
  return bytes;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive whole number`);
  return value;
}
