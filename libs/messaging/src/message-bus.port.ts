/**
 * The ports business code depends on instead of kafkajs (STYLE.md rule 6):
 * kafkajs is in maintenance mode, so the client must be replaceable behind them.
 */

/** A message to publish. */
export interface OutgoingMessage {
  /** Topic to publish to, e.g. `municipality.events.v1`. */
  readonly topic: string;
  /** Partitioning key: the pathway id for domain events, so a pathway's events stay ordered. */
  readonly key: string | null;
  /** Already-encoded message value. */
  readonly value: Buffer;
  /** Message headers (event id, type, correlation id, ...). Never personal data. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Publishes messages to the broker. */
export interface MessageBus {
  /**
   * Publishes a batch; resolves only after the broker acknowledged every
   * message on all in-sync replicas (acks = -1). Messages of one key keep
   * their order. Rejects if any message could not be published.
   */
  publish(batch: readonly OutgoingMessage[]): Promise<void>;
}

/** A message received from the broker. */
export interface IncomingMessage {
  /** Topic the message was read from. */
  readonly topic: string;
  /** Partition the message was read from. */
  readonly partition: number;
  /** Offset within the partition (a decimal string: offsets are 64-bit). */
  readonly offset: string;
  /** Message key, or null when the producer sent none. */
  readonly key: string | null;
  /** Raw message value, or null for a tombstone. */
  readonly value: Buffer | null;
  /** Headers, decoded as UTF-8 (first value when a header repeats). */
  readonly headers: Readonly<Record<string, string>>;
}

/** A run of consecutive messages of one topic partition. */
export interface IncomingBatch {
  /** Topic of every message in the batch. */
  readonly topic: string;
  /** Partition of every message in the batch. */
  readonly partition: number;
  /** Messages in offset order. */
  readonly messages: readonly IncomingMessage[];
  /** Offset the partition will assign next (high watermark); lag = highWatermark - last offset - 1. */
  readonly highWatermark: string;
}

/** Flow control a batch handler uses while it works through a batch. */
export interface BatchControl {
  /** Marks the message at `offset` (and every earlier one) as processed. */
  resolveOffset(offset: string): void;
  /** Commits the resolved offsets of this partition to the broker (consumer group). */
  commit(): Promise<void>;
  /** Tells the group coordinator this consumer is alive; call between messages, never on a timer. */
  heartbeat(): Promise<void>;
  /** False once the source is stopping: leave the remaining messages for redelivery. */
  isRunning(): boolean;
  /** True when the partition was re-positioned (seek/rebalance): the rest of the batch must be dropped. */
  isStale(): boolean;
}

/** Processes one batch; throwing makes the source redeliver from the last resolved offset. */
export type BatchHandler = (batch: IncomingBatch, control: BatchControl) => Promise<void>;

/** Delivers batches of messages of the subscribed topics to one handler. */
export interface MessageSource {
  /** Starts consuming; resolves once consumption started (not when it ends). */
  run(handler: BatchHandler): Promise<void>;
  /** Stops consuming after the batch in progress and leaves the group. */
  stop(): Promise<void>;
}
