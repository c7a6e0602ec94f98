import type { DataSource } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import { buildEvent, sourceFor } from '@ketenpad/events';
import type { OutboxWriter } from '@ketenpad/messaging';
import { inTransaction } from '@ketenpad/persistence';
import type { Clock, JsonLogger } from '@ketenpad/runtime';
import { mayReceive, NO_ENTITLEMENT } from '../domain/entitlement.policy';
import { nextAttempt } from '../domain/retry.schedule';
import { thinNotification } from '../domain/thin-notification';
import type { ClaimedDelivery, DeliveryRepository } from '../adapters/persistence/delivery.repository';
import type { EntitlementRepository } from '../adapters/persistence/entitlement.repository';
import type { SecretCipher } from '../adapters/persistence/secret.cipher';
import type { SubscriptionRepository } from '../adapters/persistence/subscription.repository';
import { signWebhook } from '../adapters/webhook/webhook.signer';
import type { PartnerGatewayConfig } from '../partner-gateway.config';
import { partnerUrn } from './partner.urn';
import type { DeliveryErrorKind, WebhookTransport } from './webhook.port';

/** Topic of the gateway's own events. */
export const PARTNER_GATEWAY_TOPIC = 'partner-gateway.events.v1';
/** `source` of the gateway's own events: the platform operates it, not an organisation of the chain. */
export const PARTNER_GATEWAY_SOURCE = sourceFor('partner-gateway', 'ketenpad');

export type DeliveryOutcome = 'delivered' | 'retry-scheduled' | 'dead-lettered' | 'not-entitled';

/** What the worker reports, for Prometheus. */
export interface DeliveryMetrics {
  onOutcome(outcome: DeliveryOutcome, error: DeliveryErrorKind | undefined, latencyMs: number): void;
  onSubscriptionFailing(): void;
}

export interface DeliveryWorkerDependencies {
  readonly dataSource: DataSource;
  readonly deliveries: DeliveryRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly entitlements: EntitlementRepository;
  readonly cipher: SecretCipher;
  readonly webhooks: WebhookTransport;
  readonly outbox: OutboxWriter;
  readonly config: PartnerGatewayConfig;
  readonly clock: Clock;
  readonly logger: JsonLogger;
  readonly metrics?: DeliveryMetrics;
  /** Source of jitter; `Math.random` unless a test fixes it. */
  readonly random?: () => number;
}

const HOUR_MS = 3_600_000;

/**
 * Calls the partners, separate from the Kafka handler (STYLE.md rule 5).
 * Each round claims due deliveries (oldest per subscription and pathway,
 * bounded per subscription and overall) and calls them concurrently without
 * waiting for the round to finish: a slot that frees up is refilled at once,
 * and a partner that never answers only ever holds its own few slots until
 * the HTTP timeout, never anyone else's.
 */
export class DeliveryWorker {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly random: () => number;
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private roundAgain = false;
  private stopped = true;

  constructor(private readonly deps: DeliveryWorkerDependencies) {
    this.random = deps.random ?? Math.random;
  }

  /** Polls every `pollIntervalMs`; {@link wake} starts a round at once (after an inbox commit). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.deps.config.pollIntervalMs);
    this.pruneTimer = setInterval(() => void this.prune(), HOUR_MS);
    this.wake();
  }

  /** Stops claiming and waits for the calls in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    await this.round;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.round) {
      this.roundAgain = true;
      return;
    }
    this.round = this.claimAndLaunch()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.deps.logger.warn('delivery round failed; retrying on the next poll', error instanceof Error ? error : {}),
      )
      .finally(() => {
        this.round = undefined;
        if (this.roundAgain) {
          this.roundAgain = false;
          this.wake();
        }
      });
  }

  /**
   * Delivers everything due at the clock's current time, and what becomes
   * eligible behind it, until nothing is left; for tests that move the clock
   * and for the benchmark. Not used together with {@link start}.
   */
  async drain(): Promise<void> {
    for (;;) {
      const launched = await this.claimAndLaunch();
      if (launched === 0 && this.inFlight.size === 0) return;
      await Promise.race([...this.inFlight.values()]);
    }
  }

  /** Deliveries in flight right now. */
  get busy(): number {
    return this.inFlight.size;
  }

  /** Forgets delivery-log entries past the retention period. */
  async prune(): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - this.deps.config.deliveryLogRetentionDays * 24 * HOUR_MS);
    return this.deps.deliveries.pruneAttempts(before).catch((error: unknown) => {
      this.deps.logger.warn('delivery log pruning failed', error instanceof Error ? error : {});
      return 0;
    });
  }

  private async claimAndLaunch(): Promise<number> {
    const { config, clock, deliveries } = this.deps;
    const now = clock.now();
    const claimed = await deliveries.claim(now, {
      limit: config.maxInFlight - this.inFlight.size,
      perSubscription: config.maxInFlightPerSubscription,
      // A crashed worker's claims become free again after the call could have timed out twice.
      leaseUntil: new Date(now.getTime() + 2 * config.httpTimeoutMs + 5_000),
      inFlight: [...this.inFlight.keys()],
    });
    for (const delivery of claimed) {
      const call = this.deliver(delivery)
        .catch((error: unknown) => {
          this.deps.logger.warn('delivery could not be recorded; the lease expires and it is tried again', {
            deliveryId: delivery.deliveryId,
            ...(error instanceof Error ? { error: error.message } : {}),
          });
        })
        .finally(() => {
          this.inFlight.delete(delivery.deliveryId);
          this.wake();
        });
      this.inFlight.set(delivery.deliveryId, call);
    }
    return claimed.length;
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const { dataSource, deliveries, subscriptions, entitlements, cipher, webhooks, outbox, config, clock, metrics } =
      this.deps;
    const startedAt = clock.now();
    // Entitlement is decided again now: consent withdrawn after the row was queued means no call.
    const entitlement =
      (await entitlements.entitlementsOf(dataSource.manager, delivery.pathwayId)).get(
        partnerUrn(delivery.partnerOrg),
      ) ?? NO_ENTITLEMENT;
    if (!mayReceive(entitlement, delivery.event.classification, LocalDate.fromInstant(startedAt).toString())) {
      await inTransaction(dataSource, (manager) =>
        deliveries.closeNotEntitled(manager, delivery.deliveryId, startedAt),
      );
      metrics?.onOutcome('not-entitled', undefined, 0);
      return;
    }
    const body = JSON.stringify(
      thinNotification(
        {
          id: delivery.event.id,
          source: delivery.event.source,
          type: delivery.event.type,
          time: delivery.event.time,
          pathwayId: delivery.event.pathwayid,
          classification: delivery.event.classification,
        },
        config.publicUrl,
      ),
    );
    const signature = signWebhook(
      cipher.open(delivery.sealedSecret, delivery.subscriptionId),
      `msg_${delivery.deliveryId}`,
      startedAt,
      body,
    );
    const result = await webhooks.post(
      { url: delivery.callbackUrl, headers: { ...signature }, body },
      config.httpTimeoutMs,
    );
    const finishedAt = clock.now();
    const attempt = {
      at: startedAt,
      latencyMs: result.latencyMs,
      ...(result.statusCode !== undefined ? { statusCode: result.statusCode } : {}),
      ...(result.error ? { error: result.error } : {}),
    };

    if (result.ok) {
      await inTransaction(dataSource, async (manager) => {
        await deliveries.recordAttempt(manager, delivery, attempt, { status: 'delivered' });
        await subscriptions.markHealthy(manager, delivery.subscriptionId, finishedAt);
      });
      metrics?.onOutcome('delivered', undefined, result.latencyMs);
      return;
    }
    const firstAttemptAt = delivery.firstAttemptAt ?? startedAt;
    const decision = nextAttempt(config.retry, delivery.attempts + 1, firstAttemptAt, finishedAt, this.random());
    if (decision.kind === 'retry') {
      await inTransaction(dataSource, (manager) =>
        deliveries.recordAttempt(manager, delivery, attempt, { status: 'pending', retryAt: decision.at }),
      );
      metrics?.onOutcome('retry-scheduled', result.error, result.latencyMs);
      return;
    }
    const newlyFailing = await inTransaction(dataSource, async (manager) => {
      await deliveries.recordAttempt(manager, delivery, attempt, { status: 'dead' });
      const newly = await subscriptions.markFailing(manager, delivery.subscriptionId, finishedAt);
      if (newly) {
        const failing = buildEvent({
          type: 'nl.ketenpad.partner-gateway.subscription-failing.v1',
          source: PARTNER_GATEWAY_SOURCE,
          pathwayId: delivery.pathwayId,
          time: finishedAt.toISOString(),
          data: {
            subscriptionId: delivery.subscriptionId,
            partner: partnerUrn(delivery.partnerOrg),
            deadLetteredEventId: delivery.event.id,
            firstAttemptAt: firstAttemptAt.toISOString(),
            attempts: delivery.attempts + 1,
            ...(result.statusCode !== undefined ? { lastStatusCode: result.statusCode } : {}),
            ...(result.error ? { lastError: result.error } : {}),
            failedAt: finishedAt.toISOString(),
          },
        });
        await outbox.append(manager, [failing], { topic: PARTNER_GATEWAY_TOPIC });
      }
      return newly;
    });
    metrics?.onOutcome('dead-lettered', result.error, result.latencyMs);
    if (newlyFailing) {
      outbox.afterCommit();
      metrics?.onSubscriptionFailing();
      this.deps.logger.warn('subscription marked failing', {
        subscriptionId: delivery.subscriptionId,
        partner: delivery.partnerOrg,
      });
    }
  }
}
