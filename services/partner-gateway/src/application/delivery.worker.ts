import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import { buildEvent, serviceSourceFor } from '@ketenpad/events';
import type { OutboxWriter } from '@ketenpad/messaging';
import { inTransaction } from '@ketenpad/persistence';
import type { PathwayAccessFacts } from '@ketenpad/privacy';
import type { Clock, JsonLogger } from '@ketenpad/runtime';
import { partnerMayReadEvent, pathwayAccessFacts, type PathwayRecords } from '../domain/partner-access.policy';
import { nextAttempt } from '../domain/retry.schedule';
import { thinNotification } from '../domain/thin-notification';
import type {
  ClaimedDelivery,
  ClaimedRun,
  DeliveryRepository,
  DeliveryResult,
} from '../adapters/persistence/delivery.repository';
import type { EntitlementRepository } from '../adapters/persistence/entitlement.repository';
import type { SecretCipher } from '../adapters/persistence/secret.cipher';
import type { SubscriptionRepository } from '../adapters/persistence/subscription.repository';
import { signWebhook } from '../adapters/webhook/webhook.signer';
import type { PartnerGatewayConfig } from '../partner-gateway.config';
import { GroupCommit } from './group-commit.batcher';
import { partnerUrn } from './partner.urn';
import type { DeliveryErrorKind, WebhookResult, WebhookTransport } from './webhook.port';

/** Topic of the gateway's own events. */
export const PARTNER_GATEWAY_TOPIC = 'partner-gateway.events.v1';
/** `source` of the gateway's own events: the platform operates it, not an organisation of the chain. */
export const PARTNER_GATEWAY_SOURCE = serviceSourceFor('partner-gateway');

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
 * How old the entitlement facts a run started with may get before the next
 * call of the run reads them again: a consent withdrawn while a run is under
 * way stops it within this time (the facts are read fresh for every claim).
 */
const ENTITLEMENT_FRESHNESS_MS = 1_000;

/** A dead-lettered delivery, with what the `subscription-failing` event tells. */
interface DeadLetter {
  readonly deliveryId: string;
  readonly run: ClaimedRun;
  readonly delivery: ClaimedDelivery;
  readonly firstAttemptAt: Date;
  readonly result: WebhookResult;
  readonly at: Date;
}

/** A result to write, with what the metrics and the dead-letter path need after the write. */
interface Outcome {
  readonly result: DeliveryResult;
  readonly metric: { outcome: DeliveryOutcome; error: DeliveryErrorKind | undefined; latencyMs: number } | undefined;
  readonly deadLetter?: DeadLetter;
}

/**
 * Calls the partners, separate from the Kafka handler (STYLE.md rule 5).
 * Each round claims due runs - the oldest pending notifications of one
 * (subscription, pathway), bounded per subscription and overall - and
 * delivers each run in order on its own slot, without waiting for the round:
 * a slot that frees up is refilled at once, and a partner that never answers
 * only ever holds its own few slots until the HTTP timeout, never anyone
 * else's. A run stops at its first failure (the rest keep their order behind
 * it) and stops starting calls after one HTTP timeout, so its lease holds.
 * The database sees one claim, one read of entitlement facts per round and
 * one group-committed write of results, not a few round trips per call.
 */
export class DeliveryWorker {
  /** Runs calling partners, by head delivery id. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Results of finished runs not yet written; their pairs stay leased (not claimable) until then. */
  private readonly writes = new Set<Promise<void>>();
  private readonly random: () => number;
  private readonly results: GroupCommit<Outcome>;
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private roundAgain = false;
  private stopped = true;

  constructor(private readonly deps: DeliveryWorkerDependencies) {
    this.random = deps.random ?? Math.random;
    this.results = new GroupCommit((outcomes) => this.write(outcomes));
  }

  /** Polls every `pollIntervalMs`; {@link wake} starts a round at once (after an inbox commit). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.deps.config.pollIntervalMs);
    this.pruneTimer = setInterval(() => void this.prune(), HOUR_MS);
    this.wake();
  }

  /** Stops claiming and waits for the runs in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    await this.round;
    await Promise.allSettled([...this.inFlight.values()]);
    await Promise.allSettled([...this.writes]);
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
   *
   * Only a claim that started with no run in flight and no result unwritten
   * proves that nothing is due: one that started earlier read the queue
   * before those results were committed, saw their pairs still leased (and
   * the rows behind them not yet eligible), and may have found nothing even
   * though the runs finished while it ran (issue 21: on a busy machine the
   * benchmark's drain ended with 6,600 of 10,000 notifications due).
   */
  async drain(): Promise<void> {
    for (;;) {
      const settled = this.inFlight.size === 0 && this.writes.size === 0;
      const launched = await this.claimAndLaunch();
      if (launched === 0 && settled) return;
      // Everything finished while the claim ran: claim again, now on the written results.
      if (this.inFlight.size === 0 && this.writes.size === 0) continue;
      await Promise.race([...this.inFlight.values(), ...this.writes]);
    }
  }

  /** Runs in flight right now. */
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
    const { config, clock, deliveries, entitlements, dataSource } = this.deps;
    const now = clock.now();
    const runs = await deliveries.claim(now, {
      limit: config.maxInFlight - this.inFlight.size,
      perSubscription: config.maxInFlightPerSubscription,
      runLength: config.deliveryRunLength,
      // A crashed worker's claims become free again after a run could have taken its longest (two HTTP timeouts).
      leaseUntil: new Date(now.getTime() + 2 * config.httpTimeoutMs + 5_000),
      inFlight: [...this.inFlight.keys()],
    });
    if (runs.length === 0) return 0;
    // Entitlement is decided again now, from facts read after the claim: consent withdrawn after enqueueing means no call.
    const records = await entitlements.recordsOf(
      dataSource.manager,
      runs.map((run) => run.pathwayId),
    );
    const readAt = performance.now();
    for (const run of runs) {
      const head = run.deliveries[0]!.deliveryId;
      const call = this.deliverRun(run, records.get(run.pathwayId), readAt)
        .catch((error: unknown) => {
          this.deps.logger.warn('delivery run failed; the lease expires and its deliveries are tried again', {
            deliveryId: head,
            ...(error instanceof Error ? { error: error.message } : {}),
          });
        })
        .finally(() => {
          this.inFlight.delete(head);
          this.wake();
        });
      this.inFlight.set(head, call);
    }
    return runs.length;
  }

  /**
   * Delivers a run in order, stopping at the first failure, and hands its
   * results to the group commit. The slot is free again at once, for another
   * pair: this pair stays leased, so it is not claimed again before its
   * results are written.
   */
  private async deliverRun(run: ClaimedRun, records: PathwayRecords | undefined, readAt: number): Promise<void> {
    const { config, clock, cipher, entitlements, dataSource } = this.deps;
    const outcomes: Outcome[] = [];
    const secret = cipher.open(run.sealedSecret, run.subscriptionId);
    let facts: PathwayAccessFacts | undefined = records && pathwayAccessFacts(records);
    let factsAt = readAt;
    const started = performance.now();
    // Once per run (it lasts seconds at most): the Dutch calendar day is costly to work out per call.
    const today = LocalDate.fromInstant(clock.now()).toString();
    for (const [index, delivery] of run.deliveries.entries()) {
      if (index > 0 && performance.now() - started >= config.httpTimeoutMs) {
        outcomes.push(...released(run.deliveries.slice(index)));
        break;
      }
      if (facts === undefined || performance.now() - factsAt > ENTITLEMENT_FRESHNESS_MS) {
        facts = pathwayAccessFacts(await entitlements.recordsOfPathway(dataSource.manager, run.pathwayId));
        factsAt = performance.now();
      }
      const startedAt = clock.now();
      if (!partnerMayReadEvent(facts, run.partnerOrg, delivery.event, today)) {
        outcomes.push({
          result: { kind: 'not-entitled', deliveryId: delivery.deliveryId, at: startedAt },
          metric: { outcome: 'not-entitled', error: undefined, latencyMs: 0 },
        });
        continue;
      }
      const outcome = await this.call(run, delivery, secret, startedAt);
      outcomes.push(outcome);
      if (outcome.metric?.outcome !== 'delivered') {
        // The rest wait behind the failed one, in order.
        outcomes.push(...released(run.deliveries.slice(index + 1)));
        break;
      }
    }
    const written: Promise<void> = this.results
      .submit(outcomes)
      .catch((error: unknown) => {
        this.deps.logger.warn('delivery results could not be recorded; the lease expires and they are tried again', {
          deliveryId: run.deliveries[0]!.deliveryId,
          ...(error instanceof Error ? { error: error.message } : {}),
        });
      })
      .finally(() => {
        this.writes.delete(written);
        this.wake();
      });
    this.writes.add(written);
  }

  private async call(run: ClaimedRun, delivery: ClaimedDelivery, secret: string, startedAt: Date): Promise<Outcome> {
    const { config, clock, webhooks } = this.deps;
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
    const signature = signWebhook(secret, `msg_${delivery.deliveryId}`, startedAt, body);
    const result = await webhooks.post({ url: run.callbackUrl, headers: { ...signature }, body }, config.httpTimeoutMs);
    const finishedAt = clock.now();
    const attempt = {
      at: startedAt,
      latencyMs: result.latencyMs,
      ...(result.statusCode !== undefined ? { statusCode: result.statusCode } : {}),
      ...(result.error ? { error: result.error } : {}),
    };
    const attempted = (next: Extract<DeliveryResult, { kind: 'attempted' }>['next']): DeliveryResult => ({
      kind: 'attempted',
      deliveryId: delivery.deliveryId,
      attempt,
      next,
    });
    if (result.ok)
      return {
        result: attempted({ status: 'delivered' }),
        metric: { outcome: 'delivered', error: undefined, latencyMs: result.latencyMs },
      };
    const firstAttemptAt = delivery.firstAttemptAt ?? startedAt;
    const decision = nextAttempt(config.retry, delivery.attempts + 1, firstAttemptAt, finishedAt, this.random());
    if (decision.kind === 'retry')
      return {
        result: attempted({ status: 'pending', retryAt: decision.at }),
        metric: { outcome: 'retry-scheduled', error: result.error, latencyMs: result.latencyMs },
      };
    return {
      result: attempted({ status: 'dead' }),
      metric: { outcome: 'dead-lettered', error: result.error, latencyMs: result.latencyMs },
      deadLetter: { deliveryId: delivery.deliveryId, run, delivery, firstAttemptAt, result, at: finishedAt },
    };
  }

  /**
   * Writes a group of results in one statement. A dead letter also marks its
   * subscription failing and, once per failing episode, tells operators and
   * the partner with `subscription-failing`: in one transaction with the
   * dead letter itself, so neither happens without the other.
   */
  private async write(outcomes: readonly Outcome[]): Promise<void> {
    const { dataSource, deliveries, subscriptions, outbox, clock, metrics, logger } = this.deps;
    const now = clock.now();
    const results = outcomes.map((o) => o.result);
    const deadLetters = outcomes.flatMap((o) => (o.deadLetter ? [o.deadLetter] : []));
    const newlyFailing: DeadLetter[] = [];
    if (deadLetters.length === 0) {
      await deliveries.recordResults(dataSource.manager, results, now);
    } else {
      await inTransaction(dataSource, async (manager) => {
        const moved = await deliveries.recordResults(manager, results, now);
        for (const dead of deadLetters) {
          // The pathway was erased or the subscription deleted while the call was in flight: nothing to tell.
          if (!moved.has(dead.deliveryId)) continue;
          if (!(await subscriptions.markFailing(manager, dead.run.subscriptionId, dead.at))) continue;
          newlyFailing.push(dead);
          await outbox.append(manager, [subscriptionFailing(dead)], { topic: PARTNER_GATEWAY_TOPIC });
        }
      });
    }
    for (const { metric } of outcomes) if (metric) metrics?.onOutcome(metric.outcome, metric.error, metric.latencyMs);
    if (newlyFailing.length === 0) return;
    outbox.afterCommit();
    for (const dead of newlyFailing) {
      metrics?.onSubscriptionFailing();
      logger.warn('subscription marked failing', {
        subscriptionId: dead.run.subscriptionId,
        partner: dead.run.partnerOrg,
      });
    }
  }
}

function released(deliveries: readonly ClaimedDelivery[]): Outcome[] {
  return deliveries.map((d) => ({ result: { kind: 'released', deliveryId: d.deliveryId }, metric: undefined }));
}

function subscriptionFailing(dead: DeadLetter) {
  return buildEvent({
    type: 'nl.ketenpad.partner-gateway.subscription-failing.v1',
    source: PARTNER_GATEWAY_SOURCE,
    pathwayId: dead.run.pathwayId,
    time: dead.at.toISOString(),
    data: {
      subscriptionId: dead.run.subscriptionId,
      partner: partnerUrn(dead.run.partnerOrg),
      deadLetteredEventId: dead.delivery.event.id,
      firstAttemptAt: dead.firstAttemptAt.toISOString(),
      attempts: dead.delivery.attempts + 1,
      ...(dead.result.statusCode !== undefined ? { lastStatusCode: dead.result.statusCode } : {}),
      ...(dead.result.error ? { lastError: dead.result.error } : {}),
      failedAt: dead.at.toISOString(),
    },
  });
}
