import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { lastValueFrom, isObservable, throwError, type Observable } from 'rxjs';
import type { Kafka } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
import {
  InboxConsumer,
  type EventSerializer,
  type InboxBatchItem,
  type InboxConsumerMetrics,
  type InboxMessageMeta,
} from '@ketenpad/messaging';
import type { JsonLogger } from '@ketenpad/runtime';

/**
 * What an `@EventPattern(<event type>)` handler receives: the event, the
 * transaction it must write through (the inbox row commits with it), and where
 * the message came from.
 */
export interface InboxEventContext<TEvent extends EventEnvelope = EventEnvelope> {
  readonly event: TEvent;
  readonly manager: EntityManager;
  readonly meta: InboxMessageMeta;
}

/** Pattern of a handler that receives every event type not handled by a more specific one. */
export const ANY_EVENT = '*';

/**
 * Pattern of a handler that receives all new events of one inbox transaction
 * at once ({@link InboxBatchContext}), for set-based projections. It needs an
 * {@link ANY_EVENT} handler with the same effect beside it (when a batch fails
 * the inbox applies its events one by one through that handler, so a poison
 * event only sinks itself) and no type-specific handlers.
 */
export const ANY_EVENT_BATCH = '*[]';

/** What an `@EventPattern(ANY_EVENT_BATCH)` handler receives. */
export interface InboxBatchContext {
  readonly items: readonly InboxBatchItem[];
  readonly manager: EntityManager;
}

export interface InboxTransportOptions {
  /** Stable consumer name in the inbox table and stable group id, e.g. `timeline.projection`. */
  readonly consumerName: string;
  readonly topics: readonly string[];
  readonly kafka: Kafka;
  readonly dataSource: DataSource;
  readonly serializer: EventSerializer;
  readonly logger: JsonLogger;
  readonly fromBeginning?: boolean;
  readonly sessionTimeoutMs?: number;
  /** Partitions handled at the same time, each batch in its own transaction (default 1); see `InboxSubscription`. */
  readonly partitionsConsumedConcurrently?: number;
  readonly metrics?: InboxConsumerMetrics;
}

/**
 * A Nest microservice transport that feeds `@EventPattern` handlers from the
 * inbox consumer, so services declare Kafka handlers the Nest way while keeping
 * the inbox guarantees (dedupe by event id in the handler's transaction, bounded
 * retries, `<topic>.dlq`, offsets committed after the database). Nest's own Kafka
 * transport commits offsets independently of the database and has no inbox.
 * No global ValidationPipe applies here: the codec validates, and a bad message
 * goes to the DLQ instead of being retried forever.
 */
export class InboxTransport extends Server implements CustomTransportStrategy {
  private consumer: InboxConsumer | undefined;

  constructor(private readonly options: InboxTransportOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    const batchHandler = this.getHandlerByPattern(ANY_EVENT_BATCH);
    if (batchHandler) {
      const others = [...this.getHandlers().keys()].filter(
        (pattern) => pattern !== ANY_EVENT_BATCH && pattern !== ANY_EVENT,
      );
      if (!this.getHandlerByPattern(ANY_EVENT) || others.length > 0) {
        callback(
          new Error(
            `An ${ANY_EVENT_BATCH} handler needs an ${ANY_EVENT} handler beside it and no type-specific ones (found: ${others.join(', ') || 'none'})`,
          ),
        );
        return;
      }
    }
    let consumer: InboxConsumer;
    try {
      consumer = new InboxConsumer({
        consumerName: this.options.consumerName,
        groupId: this.options.consumerName,
        clientId: this.options.consumerName,
        topics: this.options.topics,
        kafka: this.options.kafka,
        dataSource: this.options.dataSource,
        serializer: this.options.serializer,
        logger: this.options.logger,
        fromBeginning: this.options.fromBeginning ?? true,
        sessionTimeoutMs: this.options.sessionTimeoutMs,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
        metrics: this.options.metrics,
        handle: (event, manager, meta) => this.dispatch({ event, manager, meta }),
        handleBatch: batchHandler
          ? (items, manager) => this.settle(batchHandler({ items, manager } satisfies InboxBatchContext))
          : undefined,
      });
    } catch (error) {
      // Invalid options (e.g. the concurrency) fail the start instead of escaping Nest's listen().
      callback(error);
      return;
    }
    this.consumer = consumer;
    consumer.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  on(): never {
    throw new Error('InboxTransport does not emit status events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  /** An event nobody handles still gets its inbox row: it was seen, and has (by design) no effect. */
  private async dispatch(context: InboxEventContext): Promise<void> {
    const handler: MessageHandler | null =
      this.getHandlerByPattern(context.event.type) ?? this.getHandlerByPattern(ANY_EVENT);
    if (!handler) return;
    await this.settle(handler(context));
  }

  private async settle(pending: Promise<unknown>): Promise<void> {
    const result: unknown = await pending;
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}

/**
 * Nest's default RPC exception filter replaces whatever a handler throws with
 * `{ status: 'error', message: 'Internal server error' }`, so the inbox's retry
 * log and the `dlq-error` header said "unknown error" for every failure (found
 * by the F5 fault test). This filter hands the handler's own error to the inbox.
 */
@Catch()
export class InboxHandlerErrorFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
