import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { JsonLogger } from '@ketenpad/runtime';
import { DrainLoop, type DrainResult } from './drain.loop';
import type { MessageBus, OutgoingMessage } from './message-bus.port';
import { OUTBOX_CHANNEL } from './messaging.migration';
import type { OutboxSignal } from './outbox.signal';
import { exponentialBackoff } from './retry.policy';
import { CLOUDEVENTS_STRUCTURED_CONTENT_TYPE, CONTENT_TYPE_HEADER } from './outbox.writer';

/** Hooks for metrics; the service wires them to Prometheus. */
export interface OutboxRelayMetrics {
  /** A batch of `count` events was acknowledged by the broker and marked sent, taking `ms`. */
  onPublished?(count: number, ms: number): void;
  /** A round failed (broker or database unavailable); its rows stay unsent and are retried. */
  onError?(error: unknown): void;
}

export interface OutboxRelayOptions {
  /** The service's database, holding the `outbox` table. */
  readonly dataSource: DataSource;
  /** Where events are published. */
  readonly bus: MessageBus;
  readonly logger: JsonLogger;
  /** Rows per round: one SELECT, one publish, one UPDATE (default 500). */
  readonly batchSize?: number;
  /** Poll interval when idle (default 1000 ms): the safety net for lost wake-ups. */
  readonly pollIntervalMs?: number;
  /** Longest wait between failed rounds (default 5000 ms). */
  readonly maxBackoffMs?: number;
  /** In-process signal fired by `OutboxWriter.afterCommit()`. */
  readonly signal?: OutboxSignal;
  /**
   * LISTEN for the outbox trigger's notifications on a dedicated connection
   * (default true). Turn off for single-connection databases (embedded PGlite);
   * the relay then relies on the signal and polling.
   */
  readonly listen?: boolean;
  /** Sent rows older than this are deleted (default 24 h); null keeps them forever. */
  readonly retentionMs?: number | null;
  /** How often pruning runs at most (default 60 s). */
  readonly pruneIntervalMs?: number;
  readonly metrics?: OutboxRelayMetrics;
}

interface OutboxRow {
  seq: string;
  topic: string;
  aggregate_id: string;
  payload: Buffer;
  headers: Record<string, string>;
}

/** The part of a pg client the listener needs. */
interface NotifyingConnection {
  on(event: 'notification', listener: (message: { channel: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Advisory lock key of the relay: first 8 bytes of sha256('ketenpad.outbox-relay'), as bigint. */
const RELAY_LOCK_KEY = createHash('sha256').update('ketenpad.outbox-relay').digest().readBigInt64BE(0).toString();
const PRUNE_BATCH = 10_000;
const PRUNE_MAX_BATCHES = 10;
const RELISTEN_INTERVAL_MS = 30_000;

/**
 * Publishes committed outbox rows in `seq` order and marks them sent only
 * after the broker acknowledged them. At-least-once: a crash between the ack
 * and the commit republishes the batch, which the consumers' inbox absorbs.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly loop: DrainLoop;
  private unsubscribe: (() => void) | undefined;
  private listener: QueryRunner | undefined;
  private nextListenAt = 0;
  private nextPruneAt = 0;
  private started = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.loop = new DrainLoop(() => this.round(), {
      idleMs: options.pollIntervalMs ?? 1_000,
      backoff: exponentialBackoff({ initialMs: 100, maxMs: options.maxBackoffMs ?? 5_000 }),
      onError: (error, failedRounds) => {
        options.logger.warn('outbox relay round failed; rows stay unsent and are retried', {
          failedRounds,
          err: error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
        options.metrics?.onError?.(error);
      },
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.options.signal?.subscribe(() => this.wake());
    if (this.options.listen ?? true) await this.listen();
    this.loop.start();
  }

  /** Asks for a round soon; calls during a round coalesce into one more round. */
  wake(): void {
    this.loop.wake();
  }

  /** Finishes the batch in flight, then stops. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.unsubscribe?.();
    await this.loop.stop();
    await this.unlisten();
  }

  /** Number of unsent rows. */
  async backlog(): Promise<number> {
    const rows = await this.options.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`,
    );
    return rows[0]?.n ?? 0;
  }

  private async round(): Promise<DrainResult> {
    if ((this.options.listen ?? true) && !this.listener && Date.now() >= this.nextListenAt) await this.listen();
    const result = await this.publishBatch();
    if (result === 'idle') await this.pruneIfDue();
    return result;
  }

  private async publishBatch(): Promise<DrainResult> {
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // Only one relay per database drains at a time. FOR UPDATE SKIP LOCKED
      // alone keeps two relays from taking the same rows, but not per-key
      // order: while relay A holds a pathway's event 1, relay B would skip it
      // and publish the same pathway's event 2 first. Instances that do not
      // get the lock skip the round; the lock ends with the transaction.
      const [lock] = (await runner.query(`SELECT pg_try_advisory_xact_lock($1::bigint) AS locked`, [
        RELAY_LOCK_KEY,
      ])) as Array<{ locked: boolean }>;
      if (!lock?.locked) {
        await runner.rollbackTransaction();
        return 'busy';
      }
      const rows = (await runner.query(
        `SELECT seq, topic, aggregate_id, payload, headers FROM outbox
          WHERE sent_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      )) as OutboxRow[];
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 'idle';
      }
      const started = performance.now();
      await this.options.bus.publish(rows.map(toMessage));
      await runner.query(`UPDATE outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
      await runner.commitTransaction();
      this.options.metrics?.onPublished?.(rows.length, performance.now() - started);
      return rows.length === this.batchSize ? 'more' : 'idle';
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async pruneIfDue(): Promise<void> {
    const retentionMs = this.options.retentionMs === undefined ? 24 * 3_600_000 : this.options.retentionMs;
    if (retentionMs === null || Date.now() < this.nextPruneAt) return;
    this.nextPruneAt = Date.now() + (this.options.pruneIntervalMs ?? 60_000);
    for (let i = 0; i < PRUNE_MAX_BATCHES; i++) {
      const [, deleted] = await this.options.dataSource.query<[unknown, number]>(
        `DELETE FROM outbox WHERE seq IN (
           SELECT seq FROM outbox WHERE sent_at < now() - $1::double precision * interval '1 millisecond'
            ORDER BY seq LIMIT ${PRUNE_BATCH})`,
        [retentionMs],
      );
      if (deleted < PRUNE_BATCH) return;
    }
  }

  private async listen(): Promise<void> {
    this.nextListenAt = Date.now() + RELISTEN_INTERVAL_MS;
    const runner = this.options.dataSource.createQueryRunner();
    try {
      const connection: unknown = await runner.connect();
      if (!isNotifyingConnection(connection)) {
        this.options.logger.info('database connection cannot LISTEN; outbox relay polls instead');
        await runner.release();
        return;
      }
      connection.on('notification', ({ channel }) => {
        if (channel === OUTBOX_CHANNEL) this.wake();
      });
      // Without an error listener a dropped connection would crash the process.
      connection.on('error', (error) => {
        this.options.logger.warn('outbox LISTEN connection lost; polling until it is back', { err: error.message });
        if (this.listener === runner) this.listener = undefined;
        void runner.release().catch(() => undefined);
      });
      await runner.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = runner;
    } catch (error) {
      this.options.logger.warn('outbox LISTEN unavailable; outbox relay polls instead', {
        err: error instanceof Error ? error.message : String(error),
      });
      await runner.release().catch(() => undefined);
    }
  }

  private async unlisten(): Promise<void> {
    const runner = this.listener;
    this.listener = undefined;
    if (!runner) return;
    // The connection goes back to the pool: it must not keep listening there.
    await runner.query(`UNLISTEN *`).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}

function toMessage(row: OutboxRow): OutgoingMessage {
  // Rows written before the content type was stored get it here: every row is a structured-mode CloudEvent.
  const headers = { [CONTENT_TYPE_HEADER]: CLOUDEVENTS_STRUCTURED_CONTENT_TYPE, ...row.headers };
  return { topic: row.topic, key: row.aggregate_id, value: row.payload, headers };
}

function isNotifyingConnection(connection: unknown): connection is NotifyingConnection {
  return (
    typeof connection === 'object' && connection !== null && typeof (connection as { on?: unknown }).on === 'function'
  );
}
