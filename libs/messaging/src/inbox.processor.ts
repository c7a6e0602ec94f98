import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { assertProvenance, ForgedEventError, type EventEnvelope } from '@ketenpad/events';
import { CORRELATION_HEADER, correlation, type JsonLogger } from '@ketenpad/runtime';
import { errorMessage, toDeadLetter, type DeadLetterKind } from './dead-letter.message';
import type { EventSerializer } from './event.serializer';
import type { BatchControl, IncomingBatch, IncomingMessage, MessageBus } from './message-bus.port';
import type { Backoff } from './retry.policy';

/** What a handler knows about the message besides the event. */
export interface InboxMessageMeta {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Correlation id the handler runs under (from the header or the envelope, else new). */
  readonly correlationId: string;
  /** 1 on first delivery, higher when retried. */
  readonly attempt: number;
}

/**
 * Applies one event. Write only through `manager`: its transaction also
 * records the event in the inbox, so the effect happens exactly once. Throw
 * to have the event retried (and finally dead-lettered).
 */
export type InboxHandler = (event: EventEnvelope, manager: EntityManager, meta: InboxMessageMeta) => Promise<void>;

/** One new event of a transaction, as a batch handler receives it. */
export interface InboxBatchItem {
  readonly event: EventEnvelope;
  readonly meta: InboxMessageMeta;
}

/**
 * Applies every new event of one inbox transaction at once (already
 * deduplicated, in offset order; one partition). Same contract as
 * {@link InboxHandler}: write only through `manager`. When it throws, the
 * events are applied again one by one with the per-event handler, so a poison
 * event only sinks itself; the two handlers must therefore have the same effect.
 */
export type InboxBatchHandler = (items: readonly InboxBatchItem[], manager: EntityManager) => Promise<void>;

/** Bounded retries: after `maxAttempts` failed attempts the message goes to `<topic>.dlq`. */
export interface InboxRetryPolicy {
  readonly maxAttempts: number;
  /** Wait before attempt `n + 1` after attempt `n` failed. */
  readonly backoff: Backoff;
}

/** Hooks for metrics; the service wires them to Prometheus. */
export interface InboxConsumerMetrics {
  /** `count` messages were done with (applied, duplicate or dead-lettered) in `ms`. */
  onProcessed?(count: number, ms: number): void;
  /** A message was sent to `<topic>.dlq`; `provenance` is a forged or misrouted event (see `provenanceIssuesOf`). */
  onDeadLettered?(topic: string, reason: DeadLetterKind): void;
  /** A handler attempt failed and will be retried. */
  onRetry?(topic: string, attempt: number): void;
  /** Messages behind the end of the partition after a batch. */
  onLag?(topic: string, partition: number, lag: number): void;
}

export interface InboxProcessorOptions {
  /** Name of the consumer in the inbox, e.g. `timeline.projection`; dedupe is per consumer. */
  readonly consumerName: string;
  readonly dataSource: DataSource;
  readonly serializer: EventSerializer;
  readonly handle: InboxHandler;
  /** Optional: applies the new events of a multi-event transaction in one call (set-based writes); `handle` still applies single events and retries. */
  readonly handleBatch?: InboxBatchHandler;
  readonly retry: InboxRetryPolicy;
  /** Messages per database transaction on the fast path. */
  readonly batchSize: number;
  /** Where dead letters are published. */
  readonly deadLetters: MessageBus;
  readonly logger: JsonLogger;
  readonly metrics?: InboxConsumerMetrics;
}

type Decoded =
  | { readonly ok: true; readonly message: IncomingMessage; readonly event: EventEnvelope }
  | {
      readonly ok: false;
      readonly message: IncomingMessage;
      readonly error: unknown;
      readonly reason: Exclude<DeadLetterKind, 'failed'>;
    };
type DecodedEvent = Extract<Decoded, { ok: true }>;
type Undecodable = Extract<Decoded, { ok: false }>;
type Segment = { readonly ok: true; readonly run: DecodedEvent[] } | { readonly ok: false; readonly item: Undecodable };

interface Counted {
  readonly attempts: number;
  readonly lastError: string | null;
}

/**
 * The inbox: per partition, in offset order, each message is decoded and
 * checked against the topic's producer in contracts/ (a forged or misrouted
 * event goes straight to `<topic>.dlq`, reason `provenance`, and no handler
 * ever sees it), its attempt counted, then recorded in the inbox and handled in one transaction;
 * offsets are committed after that. Runs of good messages share one
 * transaction; when that fails, its messages are retried one by one so a
 * poison message only sinks itself.
 */
export class InboxProcessor {
  constructor(private readonly options: InboxProcessorOptions) {}

  async handleBatch(batch: IncomingBatch, control: BatchControl): Promise<void> {
    const { messages } = batch;
    let lastDone: string | undefined;
    for (let start = 0; start < messages.length; start += this.options.batchSize) {
      if (!control.isRunning() || control.isStale()) break;
      const started = performance.now();
      const chunk = messages.slice(start, start + this.options.batchSize).map((m) => this.decode(m));
      let done = 0;
      for (const segment of segments(chunk)) {
        const finished = segment.ok
          ? await this.processRun(segment.run, control)
          : await this.deadLetterUndecodable(segment.item);
        if (!finished) break;
        const last = segment.ok ? segment.run[segment.run.length - 1]! : segment.item;
        control.resolveOffset(last.message.offset);
        lastDone = last.message.offset;
        done += segment.ok ? segment.run.length : 1;
      }
      // Commit only after the database transactions above committed.
      await control.commit();
      this.options.metrics?.onProcessed?.(done, performance.now() - started);
      if (done < chunk.length) break;
      await control.heartbeat();
    }
    if (lastDone !== undefined) {
      const lag = Number(BigInt(batch.highWatermark) - BigInt(lastDone) - 1n);
      this.options.metrics?.onLag?.(batch.topic, batch.partition, Math.max(0, lag));
    }
  }

  /**
   * Decodes the value and applies the provenance rule: the topic must be the
   * one of the event type's producer and the source of that producer's kind,
   * whatever serializer is configured, before any handler or inbox row.
   */
  private decode(message: IncomingMessage): Decoded {
    let event: EventEnvelope;
    try {
      if (!message.value) throw new Error('message has no value');
      event = this.options.serializer.decode(message.value);
    } catch (error) {
      // An invalid event that claims another producer's type or source (e.g. a source the codec
      // refuses for its type) is a provenance violation first; anything else is just undecodable.
      const forged = forgeryOf(message);
      return forged
        ? { ok: false, message, error: forged, reason: 'provenance' }
        : { ok: false, message, error, reason: 'undecodable' };
    }
    try {
      assertProvenance(event, message.topic);
    } catch (error) {
      return { ok: false, message, error, reason: 'provenance' };
    }
    return { ok: true, message, event };
  }

  private async deadLetterUndecodable(item: Undecodable): Promise<boolean> {
    await this.deadLetter(item.message, item.error, 1, item.reason);
    return true;
  }

  /**
   * A run of decodable messages: one transaction for all of them; if a handler
   * fails, the messages before it are applied together again, the failing one
   * is retried alone and the rest continue as a run. Returns false when the
   * source is stopping and the rest must be left for redelivery.
   */
  private async processRun(
    run: readonly DecodedEvent[],
    control: BatchControl,
    alreadyCounted?: ReadonlyMap<string, Counted>,
  ): Promise<boolean> {
    const counted = alreadyCounted ?? (await this.countAttempts(run.map((d) => d.message)));
    const retried = run.some((d) => (counted.get(d.message.offset)?.attempts ?? 1) > 1);
    if (run.length > 1 && !retried) {
      try {
        await this.applyAll(run, counted);
        return true;
      } catch (error) {
        if (error instanceof HandlerFailure) {
          const failing = run[error.index]!;
          const before = run.slice(0, error.index);
          const after = run.slice(error.index + 1);
          if (before.length > 0 && !(await this.processRun(before, control, counted))) return false;
          const failed = { error: error.cause };
          if (!(await this.processOne(failing, counted.get(failing.message.offset), control, failed))) return false;
          await control.heartbeat();
          return after.length === 0 || this.processRun(after, control, counted);
        }
        // Not a handler (e.g. an id the inbox rejects): find the culprit one by one.
        this.options.logger.debug('inbox batch failed; retrying its messages one by one', {
          topic: run[0]!.message.topic,
          partition: run[0]!.message.partition,
          err: errorMessage(error),
        });
      }
    }
    for (const decoded of run) {
      const finished = await this.processOne(decoded, counted.get(decoded.message.offset), control);
      if (!finished) return false;
      await control.heartbeat();
    }
    return true;
  }

  /**
   * One message with bounded retries. `counted` is the attempt already
   * counted for the first try, and `failed` its error if that try already ran
   * (in a batch). Returns false if the source stopped meanwhile.
   */
  private async processOne(
    decoded: DecodedEvent,
    counted: Counted | undefined,
    control: BatchControl,
    failed?: { readonly error: unknown },
  ): Promise<boolean> {
    const { message, event } = decoded;
    const { maxAttempts, backoff } = this.options.retry;
    let current = counted ?? (await this.countAttempts([message])).get(message.offset)!;
    let failure = failed;
    for (;;) {
      if (!failure) {
        if (current.attempts > maxAttempts) {
          // Counted but never finished: the process died while handling it.
          const reason = current.lastError ?? 'process stopped while handling the message';
          await this.deadLetter(message, reason, maxAttempts, 'failed');
          return true;
        }
        try {
          await this.applyOne(decoded, current.attempts);
          return true;
        } catch (error) {
          failure = { error };
        }
      }
      if (current.attempts >= maxAttempts) {
        await this.deadLetter(message, failure.error, current.attempts, 'failed');
        return true;
      }
      await this.recordError(message, failure.error);
      this.options.metrics?.onRetry?.(message.topic, current.attempts);
      this.options.logger.warn('event handling failed; retrying', {
        eventId: event.id,
        type: event.type,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        attempt: current.attempts,
        err: errorMessage(failure.error),
      });
      failure = undefined;
      await sleep(backoff(current.attempts));
      if (!control.isRunning() || control.isStale()) return false;
      await control.heartbeat();
      current = (await this.countAttempts([message])).get(message.offset)!;
    }
  }

  private async applyOne({ message, event }: DecodedEvent, attempt: number): Promise<void> {
    await this.options.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO inbox (consumer, event_id, topic, partition, "offset") VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
        [this.options.consumerName, event.id, message.topic, message.partition, message.offset],
      );
      if (inserted.length > 0) await this.runHandler(event, manager, message, attempt);
      await this.forgetAttempts(manager, [message]);
    });
  }

  private async applyAll(run: readonly DecodedEvent[], counted: ReadonlyMap<string, Counted>): Promise<void> {
    await this.options.dataSource.transaction(async (manager) => {
      const params: unknown[] = [this.options.consumerName];
      const values = run.map(({ message, event }) => {
        params.push(event.id, message.topic, message.partition, message.offset);
        const n = params.length;
        return `($1, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
      });
      const inserted = await manager.query<Array<{ event_id: string }>>(
        `INSERT INTO inbox (consumer, event_id, topic, partition, "offset") VALUES ${values.join(', ')}
         ON CONFLICT DO NOTHING RETURNING event_id`,
        params,
      );
      // New events only, in offset order; an id twice in one run is handled once.
      const fresh = new Set(inserted.map((r) => r.event_id.toLowerCase()));
      if (this.options.handleBatch) {
        // A failure names no culprit: it is not a HandlerFailure, so processRun retries every event alone.
        const items = run
          .filter(({ event }) => fresh.delete(event.id.toLowerCase()))
          .map(({ message, event }) => ({
            event,
            meta: this.metaOf(event, message, counted.get(message.offset)?.attempts ?? 1),
          }));
        if (items.length > 0) await this.options.handleBatch(items, manager);
      } else {
        for (const [index, { message, event }] of run.entries()) {
          if (!fresh.delete(event.id.toLowerCase())) continue;
          try {
            await this.runHandler(event, manager, message, counted.get(message.offset)?.attempts ?? 1);
          } catch (error) {
            throw new HandlerFailure(index, error);
          }
        }
      }
      await this.forgetAttempts(
        manager,
        run.map((d) => d.message),
      );
    });
  }

  /** What a batch handler is told about one message; the correlation id is the one `runHandler` would run it under. */
  private metaOf(event: EventEnvelope, message: IncomingMessage, attempt: number): InboxMessageMeta {
    const incoming = message.headers[CORRELATION_HEADER] ?? event.correlationid;
    return {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      headers: message.headers,
      correlationId: correlation.run(incoming, () => correlation.current()!),
      attempt,
    };
  }

  private async runHandler(
    event: EventEnvelope,
    manager: EntityManager,
    message: IncomingMessage,
    attempt: number,
  ): Promise<void> {
    const incoming = message.headers[CORRELATION_HEADER] ?? event.correlationid;
    await correlation.run(incoming, () =>
      this.options.handle(event, manager, {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        headers: message.headers,
        correlationId: correlation.current()!,
        attempt,
      }),
    );
  }

  /**
   * Counts an attempt for each message in its own short transaction, before
   * any handler runs, so a message that kills the process is still counted.
   */
  private async countAttempts(messages: readonly IncomingMessage[]): Promise<Map<string, Counted>> {
    const first = messages[0]!;
    const rows = await this.options.dataSource.query<
      Array<{ offset: string; attempts: number; last_error: string | null }>
    >(
      `INSERT INTO consumer_attempts (consumer, topic, partition, "offset", attempts)
       SELECT $1, $2, $3, o, 1 FROM unnest($4::bigint[]) AS o
       ON CONFLICT (consumer, topic, partition, "offset")
       DO UPDATE SET attempts = consumer_attempts.attempts + 1, updated_at = now()
       RETURNING "offset", attempts, last_error`,
      [this.options.consumerName, first.topic, first.partition, messages.map((m) => m.offset)],
    );
    return new Map(rows.map((r) => [String(r.offset), { attempts: r.attempts, lastError: r.last_error }]));
  }

  private async recordError(message: IncomingMessage, error: unknown): Promise<void> {
    await this.options.dataSource.query(
      `UPDATE consumer_attempts SET last_error = $5
        WHERE consumer = $1 AND topic = $2 AND partition = $3 AND "offset" = $4`,
      [this.options.consumerName, message.topic, message.partition, message.offset, errorMessage(error).slice(0, 1000)],
    );
  }

  private async forgetAttempts(
    manager: EntityManager | undefined,
    messages: readonly IncomingMessage[],
  ): Promise<void> {
    const first = messages[0]!;
    await (manager ?? this.options.dataSource.manager).query(
      `DELETE FROM consumer_attempts
        WHERE consumer = $1 AND topic = $2 AND partition = $3 AND "offset" = ANY($4::bigint[])`,
      [this.options.consumerName, first.topic, first.partition, messages.map((m) => m.offset)],
    );
  }

  private async deadLetter(
    message: IncomingMessage,
    error: unknown,
    attempts: number,
    reason: DeadLetterKind,
  ): Promise<void> {
    await this.options.deadLetters.publish([
      toDeadLetter(message, { error, attempts, consumer: this.options.consumerName, kind: reason }),
    ]);
    this.options.logger.error('message dead-lettered', {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      attempts,
      reason,
      err: errorMessage(error).slice(0, 300),
    });
    this.options.metrics?.onDeadLettered?.(message.topic, reason);
    if (reason === 'failed') await this.forgetAttempts(undefined, [message]);
  }
}

/** The handler of the run's message at `index` threw `cause`. */
class HandlerFailure extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('event handler failed');
  }
}

/** The provenance violation of an undecodable message that still names a type and a source; undefined otherwise. */
function forgeryOf(message: IncomingMessage): ForgedEventError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch {
    return undefined;
  }
  const { type, source } = (parsed ?? {}) as { type?: unknown; source?: unknown };
  if (typeof type !== 'string' || typeof source !== 'string') return undefined;
  try {
    assertProvenance({ type, source }, message.topic, { requireDeclaredType: false });
    return undefined;
  } catch (error) {
    return error instanceof ForgedEventError ? error : undefined;
  }
}

/** Splits decoded messages into runs of decodable ones and single undecodable ones, keeping order. */
function segments(items: readonly Decoded[]): Segment[] {
  const out: Segment[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (!item.ok) out.push({ ok: false, item });
    else if (last?.ok) last.run.push(item);
    else out.push({ ok: true, run: [item] });
  }
  return out;
}
