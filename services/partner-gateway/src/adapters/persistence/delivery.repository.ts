import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
import type { DeliveryErrorKind } from '../../application/webhook.port';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'redelivered' | 'not-entitled';

/** A delivery the worker claimed, with what it needs to make the call. */
export interface ClaimedDelivery {
  readonly deliveryId: string;
  readonly subscriptionId: string;
  readonly partnerOrg: string;
  readonly callbackUrl: string;
  readonly sealedSecret: Buffer;
  readonly pathwayId: string;
  readonly attempts: number;
  readonly firstAttemptAt: Date | null;
  readonly event: EventEnvelope;
}

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
  /** Rows to claim at most now (free overall slots of this worker). */
  readonly limit: number;
  readonly perSubscription: number;
  /** Until when a claim holds; past it another worker may take the row (this one crashed). */
  readonly leaseUntil: Date;
  /** Rows this worker has in flight (excluded, and counted against their subscription's slots). */
  readonly inFlight: readonly string[];
}

/**
 * The durable delivery queue. A row is eligible when it is the oldest pending
 * row of its (subscription, pathway) - which keeps each pathway's
 * notifications in order per subscription - is due, not leased, and its
 * subscription is not paused and has a free slot. Claiming sets a lease in one
 * statement whose lock is `FOR UPDATE SKIP LOCKED`, so workers in several
 * processes never take the same row and never wait for each other.
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

  async claim(now: Date, limits: ClaimLimits): Promise<ClaimedDelivery[]> {
    if (limits.limit <= 0) return [];
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [claimed]: [{ delivery_id: string }[], number] = await this.dataSource.query(
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
         SELECT d.delivery_id FROM delivery d JOIN picked USING (delivery_id)
          WHERE d.status = 'pending' AND (d.lease_until IS NULL OR d.lease_until <= $1)
          FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE delivery d SET lease_until = $2 FROM locked WHERE d.delivery_id = locked.delivery_id
       RETURNING d.delivery_id`,
      [now, limits.leaseUntil, limits.perSubscription, limits.inFlight, limits.limit],
    );
    if (claimed.length === 0) return [];
    const rows: {
      delivery_id: string;
      subscription_id: string;
      partner_org: string;
      callback_url: string;
      secret_sealed: Buffer;
      pathway_id: string;
      attempts: number;
      first_attempt_at: Date | null;
      envelope: EventEnvelope;
    }[] = await this.dataSource.query(
      `SELECT d.delivery_id, d.subscription_id, s.partner_org, s.callback_url, s.secret_sealed, d.pathway_id, d.attempts, d.first_attempt_at, e.envelope
         FROM delivery d JOIN subscription s USING (subscription_id) JOIN chain_event e USING (event_id)
        WHERE d.delivery_id = ANY($1::bigint[]) ORDER BY d.delivery_id`,
      [claimed.map((c) => c.delivery_id)],
    );
    return rows.map((row) => ({
      deliveryId: String(row.delivery_id),
      subscriptionId: row.subscription_id,
      partnerOrg: row.partner_org,
      callbackUrl: row.callback_url,
      sealedSecret: row.secret_sealed,
      pathwayId: row.pathway_id,
      attempts: row.attempts,
      firstAttemptAt: row.first_attempt_at,
      event: row.envelope,
    }));
  }

  /** Records one attempt and moves the row on: delivered, retried at `retryAt`, or dead. */
  async recordAttempt(
    manager: EntityManager,
    delivery: ClaimedDelivery,
    attempt: { at: Date; statusCode?: number; error?: DeliveryErrorKind; latencyMs: number },
    next: { status: 'delivered' | 'dead' } | { status: 'pending'; retryAt: Date },
  ): Promise<void> {
    const attemptNo = delivery.attempts + 1;
    const [, updated]: [unknown, number] = await manager.query(
      `UPDATE delivery SET status = $2, attempts = $3, first_attempt_at = coalesce(first_attempt_at, $4), last_attempt_at = $4,
              last_status_code = $5, last_error = $6, next_attempt_at = coalesce($7, next_attempt_at), lease_until = NULL,
              finished_at = CASE WHEN $2 = 'pending' THEN NULL ELSE $4 END
        WHERE delivery_id = $1`,
      [
        delivery.deliveryId,
        next.status,
        attemptNo,
        attempt.at,
        attempt.statusCode ?? null,
        attempt.error ?? null,
        next.status === 'pending' ? next.retryAt : null,
      ],
    );
    // The subscription was deleted while the call was in flight: nothing left to record.
    if (updated === 0) return;
    await manager.query(
      `INSERT INTO delivery_attempt (delivery_id, subscription_id, event_id, attempt, attempted_at, status_code, latency_ms, error, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        delivery.deliveryId,
        delivery.subscriptionId,
        delivery.event.id,
        attemptNo,
        attempt.at,
        attempt.statusCode ?? null,
        attempt.latencyMs,
        attempt.error ?? null,
        next.status === 'pending' ? 'retry-scheduled' : next.status,
      ],
    );
  }

  /** Entitlement was lost after the row was queued: it is closed without a call. */
  async closeNotEntitled(manager: EntityManager, deliveryId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE delivery SET status = 'not-entitled', lease_until = NULL, finished_at = $2 WHERE delivery_id = $1`,
      [deliveryId, at],
    );
  }

  /** Gives up the lease without an attempt (e.g. the worker stops). */
  async release(deliveryId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery SET lease_until = NULL WHERE delivery_id = $1 AND status = 'pending'`,
      [deliveryId],
    );
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
    }[] = await manager.query(
      `SELECT attempt_id, delivery_id, event_id, attempt, attempted_at, status_code, latency_ms, error, outcome FROM delivery_attempt
        WHERE subscription_id = $1 AND ($2::timestamptz IS NULL OR attempted_at >= $2) ORDER BY attempt_id DESC LIMIT $3`,
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
