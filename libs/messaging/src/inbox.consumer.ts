import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { JsonLogger } from '@ketenpad/runtime';
import type { EventSerializer } from './event.serializer';
import {
  InboxProcessor,
  type InboxBatchHandler,
  type InboxConsumerMetrics,
  type InboxHandler,
  type InboxRetryPolicy,
} from './inbox.processor';
import { createKafkaClient } from './kafka.client';
import { KafkaMessageBus } from './kafka.message-bus';
import { KafkaMessageSource } from './kafka.message-source';
import { exponentialBackoff } from './retry.policy';

export interface InboxConsumerOptions {
  /** Name of this consumer in the inbox table, e.g. `timeline.projection`; keep it stable. */
  readonly consumerName: string;
  /** Explicit, stable consumer group id, `<service>.<purpose>`. */
  readonly groupId: string;
  /** Explicit, stable client id (used when this consumer creates its own client). */
  readonly clientId: string;
  /** Topics to consume; they and their `.dlq` topics must exist. */
  readonly topics: readonly string[];
  /** The service's database, holding `inbox` and `consumer_attempts`. */
  readonly dataSource: DataSource;
  /** Decodes and validates message values. */
  readonly serializer: EventSerializer;
  /** Applies one event inside the inbox transaction. */
  readonly handle: InboxHandler;
  /** Optional: applies all new events of one transaction at once; see {@link InboxBatchHandler}. */
  readonly handleBatch?: InboxBatchHandler;
  /** Default: 5 attempts, 200 ms doubling to 5 s between them. */
  readonly retry?: Partial<InboxRetryPolicy>;
  readonly logger: JsonLogger;
  /** Where a group without committed offsets starts (default: new messages only). */
  readonly fromBeginning?: boolean;
  /** Consumer group session timeout (default 30 s); see `KafkaMessageSourceOptions.sessionTimeoutMs`. */
  readonly sessionTimeoutMs?: number;
  /** Messages per database transaction on the fast path (default 100). */
  readonly batchSize?: number;
  /**
   * Partitions whose batches are handled at the same time, each in its own
   * transaction (default 1); see `KafkaMessageSourceOptions.partitionsConsumedConcurrently`.
   * Batches sharing a message key still run one after the other, so raise it
   * only when the handlers write no row that events of different keys share,
   * and keep it below the data source's pool size.
   */
  readonly partitionsConsumedConcurrently?: number;
  /** Bootstrap brokers; required unless `kafka` is given. */
  readonly brokers?: readonly string[];
  /** A client to share instead of creating one. */
  readonly kafka?: Kafka;
  readonly metrics?: InboxConsumerMetrics;
}

/**
 * Consumes topics into the inbox with exactly-once effects: at-least-once
 * delivery from Kafka, deduplicated by (consumer, event id) in the same
 * transaction as the handler's writes, bounded retries, then `<topic>.dlq`.
 */
export class InboxConsumer {
  private readonly source: KafkaMessageSource;
  private readonly deadLetters: KafkaMessageBus;
  private readonly processor: InboxProcessor;

  constructor(options: InboxConsumerOptions) {
    const kafka = options.kafka ?? clientFor(options);
    this.source = new KafkaMessageSource(kafka, {
      groupId: options.groupId,
      topics: options.topics,
      fromBeginning: options.fromBeginning,
      sessionTimeoutMs: options.sessionTimeoutMs,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    });
    this.deadLetters = new KafkaMessageBus(kafka);
    this.processor = new InboxProcessor({
      consumerName: options.consumerName,
      dataSource: options.dataSource,
      serializer: options.serializer,
      handle: options.handle,
      handleBatch: options.handleBatch,
      retry: {
        maxAttempts: options.retry?.maxAttempts ?? 5,
        backoff: options.retry?.backoff ?? exponentialBackoff({ initialMs: 200, maxMs: 5_000 }),
      },
      batchSize: options.batchSize ?? 100,
      deadLetters: this.deadLetters,
      logger: options.logger.child(`inbox:${options.consumerName}`),
      metrics: options.metrics,
    });
  }

  /** Joins the group and starts consuming; resolves once consumption started. */
  async start(): Promise<void> {
    await this.deadLetters.connect();
    await this.source.run((batch, control) => this.processor.handleBatch(batch, control));
  }

  /** Finishes the batch in progress, leaves the group and disconnects. */
  async stop(): Promise<void> {
    await this.source.stop();
    await this.deadLetters.disconnect();
  }
}

function clientFor(options: InboxConsumerOptions): Kafka {
  if (!options.brokers?.length)
    throw new Error(`InboxConsumer ${options.consumerName}: give brokers or a kafka client`);
  return createKafkaClient({ clientId: options.clientId, brokers: options.brokers, logger: options.logger });
}
