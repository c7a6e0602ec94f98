import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
import type { DeliveryErrorKind } from '../../application/webhook.port';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'redelivered' | 'not-entitled';

/** One queued notification of a claimed run. */
export interface ClaimedDelivery {
  readonly deliveryId: string;
  readonly attempts: number;
  readonly firstAttemptAt: Date | null;
  readonly event: EventEnvelope;
}

/**
 * What the worker claimed for one (subscription, pathway): the oldest pending
 * notifications of the pair, in queue order, leased together, so they are
 * delivered one after the other by one slot and need one claim between them.
 */
export interface ClaimedRun {
  readonly subscriptionId: string;
  readonly partnerOrg: string;
  readonly callbackUrl: string;
  readonly sealedSecret: Buffer;
  readonly pathwayId: string;
  /** At least one; the first is the pair's head. */
  readonly deliveries: readonly ClaimedDelivery[];
}

/** An attempt as it is recorded. */
export interface AttemptFacts {
  readonly at: Date;
  readonly statusCode?: number;
  readonly error?: DeliveryErrorKind;
  readonly latencyMs: number;
}

/** How the worker leaves a claimed delivery. */
export type DeliveryResult =
  | {
      readonly kind: 'attempted';
      readonly deliveryId: string;
      readonly attempt: AttemptFacts;
      readonly next: { readonly status: 'delivered' | 'dead' } | { readonly status: 'pending'; readonly retryAt: Date };
    }
  /** Entitlement was lost after the row was queued: closed without a call. */
  | { readonly kind: 'not-entitled'; readonly deliveryId: string; readonly at: Date }
  /** Not tried in this run (an earlier one of its run failed, or the run ran out of time): lease given up. */
  | { readonly kind: 'released'; readonly deliveryId: string };

/** One attempt, as the delivery log shows it: no payload, no response body. */
export interface AttemptRecord {
  readonly attemptId: string;
  readonly deliveryId: string;
  readonly eventId: string;
  readonly attempt: number;
  readonly attemptedAt: Date;
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly error: string | null;
  readonly outcome: string;
  /** When the notification is tried again: only on the latest attempt of a notification still waiting for its retry. */
  readonly nextAttemptAt: Date | null;
}

/** A dead-lettered delivery, as listed to its partner. */
export interface DeadLetterRecord {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly pathwayId: string;
  readonly attempts: number;
  readonly firstAttemptAt: Date | null;
  readonly finishedAt: Date | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
}

export interface ClaimLimits {
  /** Runs to claim at most now (free overall slots of this worker). */
  readonly limit: number;
  /** Runs in flight at most per subscription. */
  readonly perSubscription: number;
  /** Notifications per run at most. */
  readonly runLength: number;
  /** Until when a claim holds; past it another worker may take the row (this one crashed). */
  readonly leaseUntil: Date;
  /** Heads of the runs this worker has in flight (excluded, and counted against their subscription's slots). */
  readonly inFlight: readonly string[];
}

/**
 * The durable delivery queue. A row is eligible when it is the oldest pending
 * row of its (subscription, pathway) - which keeps each pathway's
 * notifications in order per subscription - is due, not leased, and its
 * subscription is not paused and has a free slot. Claiming leases such a head
 * together with the pending rows behind it (a run) in one statement whose
 * lock on the head is `FOR UPDATE SKIP LOCKED`, so workers in several
 * processes never take the same pair and never wait for each other; the
 * rows behind a head are only ever claimed through it. Results are written
 * in one statement for any number of deliveries (the worker commits them as a group).
 */
export class DeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async enqueue(
    manager: EntityManager,
    rows: readonly { subscriptionId: string; pathwayId: string; eventId: string }[],
    now: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO delivery (subscription_id, pathway_id, event_id, status, enqueued_at, next_attempt_at)
       SELECT s, p, e, 'pending', $4, $4 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) WITH ORDINALITY AS t(s, p, e, n) ORDER BY n`,
      [rows.map((r) => r.subscriptionId), rows.map((r) => r.pathwayId), rows.map((r) => r.eventId), now],
    );
  }

  async claim(now: Date, limits: ClaimLimits): Promise<ClaimedRun[]> {
    if (limits.limit <= 0) return [];
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [claimed]: [
      {
        delivery_id: string;
        head_id: string;
        subscription_id: string;
        partner_org: string;
        callback_url: string;
        secret_sealed: Buffer;
        pathway_id: string;
        attempts: number;
        first_attempt_at: Date | null;
        envelope: EventEnvelope;
      }[],
      number,
    ] = await this.dataSource.query(
      `WITH heads AS (
         SELECT DISTINCT ON (subscription_id, pathway_id) delivery_id, subscription_id, next_attempt_at, lease_until
           FROM delivery WHERE status = 'pending'
          ORDER BY subscription_id, pathway_id, delivery_id
       ), busy AS (
         SELECT subscription_id, count(*) AS in_flight FROM heads
          WHERE lease_until > $1 OR delivery_id = ANY($4::bigint[]) GROUP BY subscription_id
       ), eligible AS (
         SELECT h.delivery_id, h.subscription_id, h.next_attempt_at,
                row_number() OVER (PARTITION BY h.subscription_id ORDER BY h.next_attempt_at, h.delivery_id) AS rank
           FROM heads h JOIN subscription s ON s.subscription_id = h.subscription_id
          WHERE s.status <> 'paused' AND h.next_attempt_at <= $1 AND (h.lease_until IS NULL OR h.lease_until <= $1)
            AND NOT (h.delivery_id = ANY($4::bigint[]))
       ), picked AS (
         SELECT e.delivery_id FROM eligible e LEFT JOIN busy b ON b.subscription_id = e.subscription_id
          WHERE e.rank <= $3 - coalesce(b.in_flight, 0)
          ORDER BY e.rank, e.next_attempt_at, e.delivery_id LIMIT $5
       ), locked AS (
         SELECT d.delivery_id, d.subscription_id, d.pathway_id FROM delivery d JOIN picked USING (delivery_id)
          WHERE d.status = 'pending' AND (d.lease_until IS NULL OR d.lease_until <= $1)
          FOR UPDATE OF d SKIP LOCKED
       ), run AS (
         -- Behind a head locked here: its pair's next pending rows, in queue order.
         SELECT f.delivery_id, h.delivery_id AS head_id FROM locked h CROSS JOIN LATERAL (
           SELECT delivery_id FROM delivery f
            WHERE f.subscription_id = h.subscription_id AND f.pathway_id = h.pathway_id
              AND f.status = 'pending' AND f.delivery_id >= h.delivery_id
            ORDER BY f.delivery_id LIMIT $6) f
       )
       UPDATE delivery d SET lease_until = $2
         FROM run, subscription s, chain_event e
        WHERE d.delivery_id = run.delivery_id AND s.subscription_id = d.subscription_id AND e.event_id = d.event_id
       RETURNING d.delivery_id, run.head_id, d.subscription_id, s.partner_org, s.callback_url, s.secret_sealed,
                 d.pathway_id, d.attempts, d.first_attempt_at, e.envelope`,
      [now, limits.leaseUntil, limits.perSubscription, limits.inFlight, limits.limit, limits.runLength],
    );
    const runs = new Map<string, { head: (typeof claimed)[number]; rows: (typeof claimed)[number][] }>();
    for (const row of claimed) {
      const run = runs.get(String(row.head_id));
      if (run) run.rows.push(row);
      else runs.set(String(row.head_id), { head: row, rows: [row] });
    }
    return [...runs.entries()]
      .sort(([a], [b]) => compareIds(a, b))
      .map(([, { head, rows }]) => ({
        subscriptionId: head.subscription_id,
        partnerOrg: head.partner_org,
        callbackUrl: head.callback_url,
        sealedSecret: head.secret_sealed,
        pathwayId: head.pathway_id,
        deliveries: rows
          .sort((a, b) => compareIds(String(a.delivery_id), String(b.delivery_id)))
          .map((row) => ({
            deliveryId: String(row.delivery_id),
            attempts: row.attempts,
            firstAttemptAt: row.first_attempt_at,
            event: row.envelope,
          })),
      }));
  }

  /**
   * Records the results of any number of claimed deliveries in one statement:
   * each attempted row moves on (delivered, retried at `retryAt`, or dead) and
   * gets its delivery-log entry, rows that lost entitlement are closed,
   * released ones lose their lease, and a subscription with a delivery that
   * got through is healthy again. Rows that are no longer pending (the
   * subscription was deleted or the pathway erased while the call was in
   * flight) are left alone and logged nowhere. Returns the ids of the rows it moved.
   */
  async recordResults(manager: EntityManager, results: readonly DeliveryResult[], now: Date): Promise<Set<string>> {
    if (results.length === 0) return new Set();
    const column = <T>(pick: (r: DeliveryResult) => T) => results.map(pick);
    const attempted = (r: DeliveryResult) => (r.kind === 'attempted' ? r : undefined);
    const rows: { delivery_id: string }[] = await manager.query(
      `WITH r AS (
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::text[], $7::timestamptz[], $8::int[])
                    AS r(delivery_id, kind, status, at, status_code, error, retry_at, latency_ms)
       ), moved AS (
         UPDATE delivery d SET
                status = r.status,
                attempts = d.attempts + CASE WHEN r.kind = 'attempted' THEN 1 ELSE 0 END,
                first_attempt_at = CASE WHEN r.kind = 'attempted' THEN coalesce(d.first_attempt_at, r.at) ELSE d.first_attempt_at END,
                last_attempt_at = CASE WHEN r.kind = 'attempted' THEN r.at ELSE d.last_attempt_at END,
                last_status_code = CASE WHEN r.kind = 'attempted' THEN r.status_code ELSE d.last_status_code END,
                last_error = CASE WHEN r.kind = 'attempted' THEN r.error ELSE d.last_error END,
                next_attempt_at = coalesce(r.retry_at, d.next_attempt_at),
                lease_until = NULL,
                finished_at = CASE WHEN r.status = 'pending' THEN NULL ELSE r.at END
           FROM r WHERE d.delivery_id = r.delivery_id AND d.status = 'pending'
         RETURNING d.delivery_id, d.subscription_id, d.event_id, d.attempts, r.kind, r.status, r.at, r.status_code, r.error, r.latency_ms
       ), logged AS (
         INSERT INTO delivery_attempt (delivery_id, subscription_id, event_id, attempt, attempted_at, status_code, latency_ms, error, outcome)
         SELECT delivery_id, subscription_id, event_id, attempts, at, status_code, latency_ms, error,
                CASE WHEN status = 'pending' THEN 'retry-scheduled' ELSE status END
           FROM moved WHERE kind = 'attempted' ORDER BY delivery_id
       ), healthy AS (
         UPDATE subscription SET status = CASE WHEN status = 'failing' THEN 'active' ELSE status END, failing_since = NULL, updated_at = $9
          WHERE failing_since IS NOT NULL AND subscription_id IN (SELECT subscription_id FROM moved WHERE status = 'delivered')
       )
       SELECT delivery_id FROM moved`,
      [
        column((r) => r.deliveryId),
        column((r) => r.kind),
        column((r) =>
          r.kind === 'attempted' ? r.next.status : r.kind === 'not-entitled' ? 'not-entitled' : 'pending',
        ),
        column((r) => (r.kind === 'attempted' ? r.attempt.at : r.kind === 'not-entitled' ? r.at : now)),
        column((r) => attempted(r)?.attempt.statusCode ?? null),
        column((r) => attempted(r)?.attempt.error ?? null),
        column((r) => (r.kind === 'attempted' && r.next.status === 'pending' ? r.next.retryAt : null)),
        column((r) => attempted(r)?.attempt.latencyMs ?? null),
        now,
      ],
    );
    return new Set(rows.map((row) => String(row.delivery_id)));
  }

  /**
   * Erasure of pathways: every delivery of them, whatever its state (queued,
   * dead-lettered, delivered), and with them their delivery-log entries.
   * Returns how many deliveries were dropped.
   */
  async erasePathways(manager: EntityManager, pathwayIds: readonly string[]): Promise<number> {
    const [, affected]: [unknown, number] = await manager.query(
      `DELETE FROM delivery WHERE pathway_id = ANY($1::uuid[])`,
      [pathwayIds],
    );
    return affected;
  }

  async deadLetters(manager: EntityManager, subscriptionId: string): Promise<DeadLetterRecord[]> {
    const rows: {
      delivery_id: string;
      event_id: string;
      pathway_id: string;
      attempts: number;
      first_attempt_at: Date | null;
      finished_at: Date | null;
      last_status_code: number | null;
      last_error: string | null;
    }[] = await manager.query(
      `SELECT delivery_id, event_id, pathway_id, attempts, first_attempt_at, finished_at, last_status_code, last_error
         FROM delivery WHERE subscription_id = $1 AND status = 'dead' ORDER BY delivery_id`,
      [subscriptionId],
    );
    return rows.map((r) => ({
      deliveryId: String(r.delivery_id),
      eventId: r.event_id,
      pathwayId: r.pathway_id,
      attempts: r.attempts,
      firstAttemptAt: r.first_attempt_at,
      finishedAt: r.finished_at,
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
    }));
  }

  /**
   * Queues the subscription's dead-lettered deliveries (all, or those of
   * `eventIds`) again as new rows at the end of their pathway's queue; the old
   * rows are kept, marked `redelivered`. Returns how many were queued.
   */
  async redeliverDead(
    manager: EntityManager,
    subscriptionId: string,
    eventIds: readonly string[] | undefined,
    now: Date,
  ): Promise<number> {
    const rows: { delivery_id: string }[] = await manager.query(
      `WITH dead AS (
         UPDATE delivery SET status = 'redelivered'
          WHERE subscription_id = $1 AND status = 'dead' AND ($2::uuid[] IS NULL OR event_id = ANY($2::uuid[]))
         RETURNING delivery_id, subscription_id, pathway_id, event_id
       )
       INSERT INTO delivery (subscription_id, pathway_id, event_id, status, enqueued_at, next_attempt_at)
       SELECT subscription_id, pathway_id, event_id, 'pending', $3, $3 FROM dead ORDER BY delivery_id
       RETURNING delivery_id`,
      [subscriptionId, eventIds === undefined ? null : [...eventIds], now],
    );
    return rows.length;
  }

  async attempts(
    manager: EntityManager,
    subscriptionId: string,
    options: { since?: Date; limit: number },
  ): Promise<AttemptRecord[]> {
    const rows: {
      attempt_id: string;
      delivery_id: string;
      event_id: string;
      attempt: number;
      attempted_at: Date;
      status_code: number | null;
      latency_ms: number;
      error: string | null;
      outcome: string;
      next_attempt_at: Date | null;
    }[] = await manager.query(
      `SELECT a.attempt_id, a.delivery_id, a.event_id, a.attempt, a.attempted_at, a.status_code, a.latency_ms, a.error, a.outcome,
              CASE WHEN a.outcome = 'retry-scheduled' AND d.status = 'pending' AND d.attempts = a.attempt THEN d.next_attempt_at END AS next_attempt_at
         FROM delivery_attempt a LEFT JOIN delivery d ON d.delivery_id = a.delivery_id
        WHERE a.subscription_id = $1 AND ($2::timestamptz IS NULL OR a.attempted_at >= $2) ORDER BY a.attempt_id DESC LIMIT $3`,
      [subscriptionId, options.since ?? null, options.limit],
    );
    return rows.map((r) => ({
      attemptId: String(r.attempt_id),
      deliveryId: String(r.delivery_id),
      eventId: r.event_id,
      attempt: r.attempt,
      attemptedAt: r.attempted_at,
      statusCode: r.status_code,
      latencyMs: r.latency_ms,
      error: r.error,
      outcome: r.outcome,
      nextAttemptAt: r.next_attempt_at,
    }));
  }

  /** Forgets delivery-log entries older than `before`; returns how many. */
  async pruneAttempts(before: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM delivery_attempt WHERE attempted_at < $1`,
      [before],
    );
    return affected;
  }

  /** Pending deliveries that failed at least once (the retry backlog). */
  async retryBacklog(): Promise<number> {
    const rows: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) AS count FROM delivery WHERE status = 'pending' AND attempts > 0`,
    );
    return Number(rows[0]?.count ?? 0);
  }

  /** Per subscription: seconds since its oldest undelivered notification was queued. */
  async oldestUndeliveredAge(now: Date): Promise<{ subscriptionId: string; seconds: number }[]> {
    const rows: { subscription_id: string; oldest: Date }[] = await this.dataSource.query(
      `SELECT subscription_id, min(enqueued_at) AS oldest FROM delivery WHERE status = 'pending' GROUP BY subscription_id`,
    );
    return rows.map((r) => ({
      subscriptionId: r.subscription_id,
      seconds: Math.max(0, (now.getTime() - r.oldest.getTime()) / 1000),
    }));
  }
}

/** Orders bigserial ids given as strings. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
