import { Partitioners, type Kafka, type Producer, type TopicMessages } from 'kafkajs';
import type { MessageBus, OutgoingMessage } from './message-bus.port';

/** kafkajs adapter of the {@link MessageBus} port. */
export class KafkaMessageBus implements MessageBus {
  private readonly producer: Producer;
  private connecting: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      // The dev broker has no controller, so the idempotent producer cannot
      // initialise there; duplicates are removed by the consumers' inbox instead.
      idempotent: false,
      // With more than one request in flight a retried request can overtake a
      // later one and reorder a pathway's events.
      maxInFlightRequests: 1,
      // Java-client compatible murmur2 partitioning, stated explicitly.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Connects the producer; `publish` does this lazily as well. */
  async connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
  }

  async publish(batch: readonly OutgoingMessage[]): Promise<void> {
    if (batch.length === 0) return;
    await this.connect();
    // One request for the whole batch, grouped per topic in the original
    // order, so per-key order holds.
    const byTopic = new Map<string, TopicMessages>();
    for (const message of batch) {
      let group = byTopic.get(message.topic);
      if (!group) {
        group = { topic: message.topic, messages: [] };
        byTopic.set(message.topic, group);
      }
      group.messages.push({ key: message.key, value: message.value, headers: { ...message.headers } });
    }
    await this.producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1 });
  }

  async disconnect(): Promise<void> {
    if (!this.connecting) return;
    this.connecting = undefined;
    await this.producer.disconnect();
  }
}
