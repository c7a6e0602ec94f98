import type { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { BatchHandler, IncomingMessage, MessageSource } from './message-bus.port';

/** What to consume and as which group. */
export interface KafkaMessageSourceOptions {
  /**
   * Explicit, stable consumer group id, `<service>.<purpose>`, e.g.
   * `timeline.projection`. Changing it re-reads topics from the reset position.
   */
  readonly groupId: string;
  /** Topics to subscribe to; they must exist (services never create topics). */
  readonly topics: readonly string[];
  /** Where a group without committed offsets starts: the beginning (true) or new messages only. */
  readonly fromBeginning?: boolean;
  /** Longest a fetch waits for new messages (default 500 ms). */
  readonly maxWaitTimeInMs?: number;
  /**
   * How long the coordinator waits for a silent member before rebalancing
   * (default 30 s). The dev broker ignores LeaveGroup, so a member restarting
   * in the same group there waits this long for its predecessor to expire.
   */
  readonly sessionTimeoutMs?: number;
}

/** kafkajs adapter of the {@link MessageSource} port; offsets are committed only by the handler. */
export class KafkaMessageSource implements MessageSource {
  private readonly consumer: Consumer;
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly options: KafkaMessageSourceOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 500,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
    });
  }

  async run(handler: BatchHandler): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [...this.options.topics],
      fromBeginning: this.options.fromBeginning ?? false,
    });
    this.running = true;
    await this.consumer.run({
      // The handler commits after its database transaction committed; kafkajs
      // must never commit an offset whose effects are not durable.
      autoCommit: false,
      eachBatchAutoResolve: false,
      // One partition at a time keeps per-key order trivially true.
      partitionsConsumedConcurrently: 1,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const { topic, partition } = batch;
        let resolved: bigint | undefined;
        let committed: bigint | undefined;
        await handler(
          {
            topic,
            partition,
            highWatermark: batch.highWatermark,
            messages: batch.messages.map((m) => toIncoming(topic, partition, m)),
          },
          {
            resolveOffset: (offset) => {
              payload.resolveOffset(offset);
              resolved = BigInt(offset);
            },
            commit: async () => {
              if (resolved === undefined || resolved === committed) return;
              const next = resolved + 1n;
              await payload.commitOffsetsIfNecessary({
                topics: [{ topic, partitions: [{ partition, offset: next.toString() }] }],
              });
              committed = resolved;
            },
            heartbeat: () => payload.heartbeat(),
            isRunning: () => payload.isRunning(),
            isStale: () => payload.isStale(),
          },
        );
      },
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    // disconnect() waits for the batch in progress before leaving the group.
    await this.consumer.disconnect();
  }
}

function toIncoming(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: decodeHeaders(message.headers),
  };
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, raw] of Object.entries(headers)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined) out[name] = value.toString();
  }
  return out;
}
