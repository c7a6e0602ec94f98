import { provisionedTopics, type ProvisionedTopic } from '@ketenpad/contracts';
import { kafkaSecurityFromEnv } from '@ketenpad/messaging';
import { ConfigResourceTypes, ConfigSource, Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';
import type { CommandSpec } from './arguments';

export const PROVISION_TOPICS_COMMAND: CommandSpec = {
  name: 'provision-topics',
  summary: 'Create the topics of contracts/topics.json (+ .dlq) on a real Kafka (KAFKA_BROKERS), with their retention.',
  details:
    'Used by docker compose; KAFKA_REPLICATION_FACTOR sets the replication factor (default 1). Sets retention.ms of every topic from contracts/topics.json, also on topics that exist already.',
  options: {},
};

/** The Kafka topic config that carries a topic's retention. */
export const RETENTION_MS = 'retention.ms';

/** The part of the kafkajs admin client provisioning uses. */
export type TopicAdmin = Pick<Admin, 'listTopics' | 'createTopics' | 'describeConfigs' | 'alterConfigs'>;

/** The CreateTopics request for `topics`: partitions, replication factor and retention.ms from the catalogue. */
export function topicConfigs(topics: readonly ProvisionedTopic[], replicationFactor: number): ITopicConfig[] {
  return topics.map((t) => ({
    topic: t.name,
    numPartitions: t.partitions,
    replicationFactor,
    configEntries: [{ name: RETENTION_MS, value: String(t.retentionMs) }],
  }));
}

/**
 * Creates the missing topics with their retention, and sets retention.ms on
 * topics that exist with another one (a cluster provisioned before retention
 * was declared kept records forever). AlterConfigs replaces a topic's
 * overrides, so the topic's other overrides are sent along unchanged.
 */
export async function provisionTopics(
  admin: TopicAdmin,
  replicationFactor: number,
  topics: readonly ProvisionedTopic[] = provisionedTopics(),
): Promise<{ created: string[]; retentionSet: string[]; unchanged: string[] }> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  const present = topics.filter((t) => existing.has(t.name));
  if (missing.length > 0)
    await admin.createTopics({ topics: topicConfigs(missing, replicationFactor), waitForLeaders: true });
  const retentionSet: string[] = [];
  if (present.length > 0) {
    const described = await admin.describeConfigs({
      resources: present.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name })),
      includeSynonyms: false,
    });
    for (const topic of present) {
      const entries = described.resources.find((r) => r.resourceName === topic.name)?.configEntries ?? [];
      const wanted = String(topic.retentionMs);
      if (entries.some((e) => e.configName === RETENTION_MS && e.configValue === wanted)) continue;
      const otherOverrides = entries
        .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG && e.configName !== RETENTION_MS && !e.isSensitive)
        .map((e) => ({ name: e.configName, value: e.configValue }));
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic.name,
            configEntries: [...otherOverrides, { name: RETENTION_MS, value: wanted }],
          },
        ],
      });
      retentionSet.push(topic.name);
    }
  }
  return {
    created: missing.map((t) => t.name),
    retentionSet,
    unchanged: present.map((t) => t.name).filter((name) => !retentionSet.includes(name)),
  };
}

/**
 * Creates the topics of contracts/topics.json and their DLQs on a real Kafka
 * cluster - declaratively, once, by an init job: services never create topics.
 * (The dev broker pre-creates the same list itself; its mock has no CreateTopics.)
 */
export async function provisionTopicsCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS must name the cluster to provision');
  const replicationFactor = parseInt(env.KAFKA_REPLICATION_FACTOR ?? '1', 10);
  // On a secured cluster the provisioning job logs in as its own user (KAFKA_SASL_*, KAFKA_SSL_*; docker-compose.prod.yml).
  const admin = new Kafka({
    clientId: 'ketenpad.topic-provisioner',
    brokers,
    logLevel: logLevel.WARN,
    ...kafkaSecurityFromEnv(env),
  }).admin();
  await admin.connect();
  try {
    const result = await provisionTopics(admin, replicationFactor);
    process.stdout.write(
      `topics: ${result.created.length} created, ${result.retentionSet.length} retention set, ${result.unchanged.length} unchanged\n`,
    );
    return 0;
  } finally {
    await admin.disconnect();
  }
}
