import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { KAFKA_CLIENT } from '@ketenpad/platform';
import { CHAIN_TOPICS, ProjectionProgress } from '../../application/chain-topics';
import { PROJECTION_GENERATION, projectionConsumerName } from '../../application/projection.generation';

/**
 * Caught up = the projection's consumer group has committed, on every non-empty
 * partition of every chain topic, up to the high watermark. Committed offsets
 * (not the checkpoint table) also cover messages that went to the DLQ.
 */
@Injectable()
export class KafkaProjectionProgress extends ProjectionProgress implements OnApplicationShutdown {
  private admin: Admin | undefined;
  private readonly groupId: string;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(PROJECTION_GENERATION) generation: string,
  ) {
    super();
    this.groupId = projectionConsumerName(generation);
  }

  async caughtUp(): Promise<boolean> {
    const admin = await this.connected();
    const committed = await admin.fetchOffsets({ groupId: this.groupId, topics: [...CHAIN_TOPICS] });
    for (const topic of CHAIN_TOPICS) {
      const ends = await admin.fetchTopicOffsets(topic);
      const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        if (BigInt(end.high) === BigInt(end.low)) continue;
        const at = done.find((p) => p.partition === end.partition)?.offset ?? '-1';
        if (BigInt(at) < BigInt(end.high)) return false;
      }
    }
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }
}
