import { KETENPAD_EVENT_TYPES } from '@ketenpad/contracts';
import { apiGet } from '../../api/client';

/**
 * The partner gateway's subscriptions API as the workspace reads it
 * (services/partner-gateway/src/adapters/http/subscription.dto.ts).
 */

export type SubscriptionStatus = 'active' | 'paused' | 'failing';

export interface Subscription {
  subscriptionId: string;
  callbackUrl: string;
  eventTypes: string[];
  municipalities: string[];
  classifications: string[];
  pathwayIds: string[];
  status: SubscriptionStatus;
  verifiedAt: string;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer to a new subscription: the only time the signing secret is shown. */
export interface CreatedSubscription extends Subscription {
  secret: string;
}

/** Why an attempt failed, as the gateway names it (never a response body). */
export type DeliveryError = 'http-status' | 'timeout' | 'connection-refused' | 'network' | 'tls';

export interface DeliveryAttempt {
  attemptId: string;
  deliveryId: string;
  eventId: string;
  attempt: number;
  attemptedAt: string;
  statusCode: number | null;
  latencyMs: number;
  error: DeliveryError | null;
  outcome: 'delivered' | 'retry-scheduled' | 'dead';
  nextAttemptAt: string | null;
}

export interface DeadLetter {
  eventId: string;
  pathwayId: string;
  attempts: number;
  firstAttemptAt: string | null;
  deadLetteredAt: string | null;
  lastStatusCode: number | null;
  lastError: DeliveryError | null;
}

export interface TestDelivery {
  webhookId: string;
  notificationId: string;
  sentAt: string;
  delivered: boolean;
  statusCode: number | null;
  error: DeliveryError | null;
  latencyMs: number;
}

/** Classes a partner can subscribe to (the gateway refuses `health-restricted`: it never reaches a partner). */
export const SUBSCRIBABLE_CLASSES = ['chain', 'financial', 'legal'] as const;

/** The producers in the order a partner meets them in a pathway; any other follows. */
const PRODUCER_ORDER = ['municipality', 'social-work', 'court-liaison', 'timeline', 'partner-gateway', 'gp'];

/** Every event type the gateway accepts, grouped by the service that produces it (`nl.ketenpad.<producer>.<name>.v<n>`). */
export const EVENT_TYPES_BY_PRODUCER: ReadonlyMap<string, readonly string[]> = (() => {
  const groups = new Map<string, string[]>(PRODUCER_ORDER.map((producer) => [producer, []]));
  for (const type of [...KETENPAD_EVENT_TYPES].sort()) {
    const producer = type.split('.')[2]!;
    groups.set(producer, [...(groups.get(producer) ?? []), type]);
  }
  return new Map([...groups].filter(([, types]) => types.length > 0));
})();

/** `nl.ketenpad.municipality.referral-made.v1` → `referral-made`. */
export function eventNameOf(type: string): string {
  return type.split('.')[3] ?? type;
}

/** The prefix that subscribes to everything of one producer. */
export function producerPattern(producer: string): string {
  return `nl.ketenpad.${producer}.*`;
}

/** How often the delivery log, dead letters and status are read again while a subscription is on screen. */
export const REFRESH_MS = 3_000;

export const partnerQueries = {
  list: () => ({
    queryKey: ['partner', 'subscriptions'],
    queryFn: () => apiGet<Subscription[]>('partner-gateway', '/subscriptions'),
  }),
  one: (id: string) => ({
    queryKey: ['partner', 'subscription', id],
    queryFn: () => apiGet<Subscription>('partner-gateway', `/subscriptions/${id}`),
  }),
  deliveries: (id: string) => ({
    queryKey: ['partner', 'subscription', id, 'deliveries'],
    queryFn: () => apiGet<DeliveryAttempt[]>('partner-gateway', `/subscriptions/${id}/deliveries`, { limit: 50 }),
  }),
  deadLetters: (id: string) => ({
    queryKey: ['partner', 'subscription', id, 'dead-letters'],
    queryFn: () => apiGet<DeadLetter[]>('partner-gateway', `/subscriptions/${id}/dead-letters`),
  }),
};

/** The form's comma- or space-separated municipality codes as the gateway takes them. */
export function municipalityCodes(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((code) => code.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/** A field of the gateway's 400 (`eventTypes.0`) as the form names it (`eventTypes`). */
export function formFieldOf(field: string): string {
  return field.split('.')[0] ?? field;
}
