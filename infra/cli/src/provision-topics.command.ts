import { provisionedTopics } from '@ketenpad/contracts';
import { Kafka, logLevel } from 'kafkajs';
import type { CommandSpec } from './arguments';

export const PROVISION_TOPICS_COMMAND: CommandSpec = {
  name: 'provision-topics',
  summary: 'Create the topics of contracts/topics.json (+ .dlq) on a real Kafka (KAFKA_BROKERS).',
  details: 'Used by docker compose; KAFKA_REPLICATION_FACTOR sets the replication factor (default 1).',
  options: {},
};

/**
 * Creates the topics of contracts/topics.json and their DLQs on a real Kafka
 * cluster - declaratively, once, by an init job: services never create topics.
 * (The dev broker pre-creates the same list itself; its mock has no CreateTopics.)
 */
export async function provisionTopicsCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS must name the cluster to provision');
  const replicationFactor = parseInt(env.KAFKA_REPLICATION_FACTOR ?? '1', 10);
  const admin = new Kafka({ clientId: 'ketenpad.topic-provisioner', brokers, logLevel: logLevel.WARN }).admin();
  await admin.connect();
  try {
    const wanted = provisionedTopics().map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor }));
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
    process.stdout.write(`topics: ${missing.length} created, ${wanted.length - missing.length} already present\n`);
    return 0;
  } finally {
    await admin.disconnect();
  }
}
