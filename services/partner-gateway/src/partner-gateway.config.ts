import { z } from 'zod';
import {
  base64Key,
  optionalText,
  parseSettings,
  requiredText,
  wholeNumber,
  type ServiceConfig,
} from '@ketenpad/runtime';
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
 * `loadServiceConfig`), every problem reported at once. Outside production a
 * missing secret key falls back to a development key and the public URL to the
 * service's own address.
 */
export function loadPartnerGatewayConfig(
  service: Pick<ServiceConfig, 'mode' | 'host' | 'port'>,
  env: NodeJS.ProcessEnv = process.env,
): PartnerGatewayConfig {
  const production = service.mode === 'production';
  const ownAddress = `http://${service.host === '0.0.0.0' ? '127.0.0.1' : service.host}:${service.port}`;
  const settings = parseSettings(
    z.object({
      PARTNER_GATEWAY_PUBLIC_URL: production
        ? requiredText('is required in production')
        : optionalText().transform((url) => url ?? ownAddress),
      PARTNER_GATEWAY_SECRET_KEY: base64Key(service.mode, DEV_SECRET_KEY),
      PARTNER_GATEWAY_RETRY_BASE_MS: positive(DEFAULT_RETRY_SCHEDULE.baseDelayMs),
      PARTNER_GATEWAY_RETRY_MAX_DELAY_MS: positive(DEFAULT_RETRY_SCHEDULE.maxDelayMs),
      PARTNER_GATEWAY_RETRY_WINDOW_MS: positive(DEFAULT_RETRY_SCHEDULE.retryWindowMs),
      PARTNER_GATEWAY_HTTP_TIMEOUT_MS: positive(10_000),
      PARTNER_GATEWAY_MAX_IN_FLIGHT: positive(32),
      PARTNER_GATEWAY_MAX_IN_FLIGHT_PER_SUBSCRIPTION: positive(4),
      PARTNER_GATEWAY_DELIVERY_RUN_LENGTH: positive(20),
      PARTNER_GATEWAY_POLL_INTERVAL_MS: positive(500),
      PARTNER_GATEWAY_DELIVERY_LOG_RETENTION_DAYS: positive(30),
    }),
    env,
  );
  return {
    publicUrl: settings.PARTNER_GATEWAY_PUBLIC_URL.replace(/\/+$/, ''),
    secretKey: settings.PARTNER_GATEWAY_SECRET_KEY,
    production,
    retry: {
      baseDelayMs: settings.PARTNER_GATEWAY_RETRY_BASE_MS,
      maxDelayMs: settings.PARTNER_GATEWAY_RETRY_MAX_DELAY_MS,
      // Issue 5: retries for at least 24 hours; a shorter window is refused.
      retryWindowMs: Math.max(DEFAULT_RETRY_SCHEDULE.retryWindowMs, settings.PARTNER_GATEWAY_RETRY_WINDOW_MS),
    },
    httpTimeoutMs: settings.PARTNER_GATEWAY_HTTP_TIMEOUT_MS,
    maxInFlight: settings.PARTNER_GATEWAY_MAX_IN_FLIGHT,
    maxInFlightPerSubscription: settings.PARTNER_GATEWAY_MAX_IN_FLIGHT_PER_SUBSCRIPTION,
    deliveryRunLength: settings.PARTNER_GATEWAY_DELIVERY_RUN_LENGTH,
    pollIntervalMs: settings.PARTNER_GATEWAY_POLL_INTERVAL_MS,
    deliveryLogRetentionDays: settings.PARTNER_GATEWAY_DELIVERY_LOG_RETENTION_DAYS,
  };
}

function positive(fallback: number) {
  return wholeNumber({ fallback, min: 1, message: 'must be a positive whole number' });
}
