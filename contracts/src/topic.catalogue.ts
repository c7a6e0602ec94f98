import { readFileSync } from 'node:fs';
import { topicsFilePath } from './contracts.paths';

/** A Kafka topic owned by one producing context. */
export interface TopicDefinition {
  /** Topic name, e.g. `municipality.events.v1`. */
  readonly name: string;
  /** Number of partitions; events are keyed by pathway id, so order holds per pathway. */
  readonly partitions: number;
  /** The only service that writes to the topic. */
  readonly producer: string;
  /** Every event type on the topic starts with this, e.g. `nl.ketenpad.municipality.`. */
  readonly eventTypePrefix: string;
  /**
   * Kafka `retention.ms`: how long the broker keeps a record. Always finite
   * (at most {@link MAX_RETENTION_MS}): events carry resident pseudonyms that
   * must not outlive an erasure by years. A rebuild from offset zero sees only
   * this window (contracts/README.md, Retention).
   */
  readonly retentionMs: number;
}

/** A topic as it is provisioned, including the derived dead-letter topics. */
export interface ProvisionedTopic {
  /** Topic name. */
  readonly name: string;
  /** Number of partitions. */
  readonly partitions: number;
  /** True for `<topic>.dlq`. */
  readonly deadLetter: boolean;
  /** Kafka `retention.ms` of the topic. */
  readonly retentionMs: number;
}

/** contracts/topics.json. */
export interface TopicsFile {
  readonly dlq: { readonly suffix: string; readonly partitions: number; readonly retentionMs: number };
  readonly topics: readonly TopicDefinition[];
}

const HOUR_MS = 3_600_000;
/** The shortest retention accepted: below an hour a restart could lose events not yet consumed. */
export const MIN_RETENTION_MS = HOUR_MS;
/** The longest retention accepted (90 days): a pseudonym on a topic never stays for years. */
export const MAX_RETENTION_MS = 90 * 24 * HOUR_MS;

function checkRetention(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_RETENTION_MS || value > MAX_RETENTION_MS) {
    throw new Error(
      `contracts/topics.json: ${field} must be an integer number of milliseconds from ${MIN_RETENTION_MS} (1 hour) to ${MAX_RETENTION_MS} (90 days); unlimited retention (-1) is refused`,
    );
  }
}

/** Checks the parsed contracts/topics.json (partitions and a finite retention per topic) and returns it typed. */
export function parseTopicsFile(document: unknown): TopicsFile {
  const file = document as Partial<TopicsFile> | null;
  if (!file || !Array.isArray(file.topics) || typeof file.dlq !== 'object' || file.dlq === null) {
    throw new Error('contracts/topics.json: expected { "dlq": {...}, "topics": [...] }');
  }
  const positive = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 1;
  if (!positive(file.dlq.partitions))
    throw new Error('contracts/topics.json: dlq.partitions must be a positive integer');
  checkRetention(file.dlq.retentionMs, 'dlq.retentionMs');
  file.topics.forEach((topic: Partial<TopicDefinition> | null, index) => {
    const name = typeof topic?.name === 'string' && topic.name.length > 0 ? topic.name : undefined;
    if (name === undefined) throw new Error(`contracts/topics.json: topics[${index}].name must be a non-empty string`);
    if (!positive(topic?.partitions))
      throw new Error(`contracts/topics.json: ${name}.partitions must be a positive integer`);
    checkRetention(topic?.retentionMs, `${name}.retentionMs`);
  });
  return file as TopicsFile;
}

const topicsFile = parseTopicsFile(JSON.parse(readFileSync(topicsFilePath, 'utf8')));

/** Every event topic from contracts/topics.json (DLQ topics excluded; see {@link dlqTopicOf}). */
export const topics: readonly TopicDefinition[] = Object.freeze(topicsFile.topics.map((t) => Object.freeze({ ...t })));

/** Partition count of every dead-letter topic: a DLQ is parked, not streamed, so order across keys does not matter. */
export const DLQ_PARTITIONS: number = topicsFile.dlq.partitions;

/** Retention of every dead-letter topic: long enough to look into and replay a parked message, no longer. */
export const DLQ_RETENTION_MS: number = topicsFile.dlq.retentionMs;

/** The dead-letter topic of `topic`: `<topic>.dlq`. */
export function dlqTopicOf(topic: string): string {
  return `${topic}${topicsFile.dlq.suffix}`;
}

/** Every topic to create, event topics followed by their dead-letter topics. */
export function provisionedTopics(): ProvisionedTopic[] {
  return [
    ...topics.map((t) => ({ name: t.name, partitions: t.partitions, deadLetter: false, retentionMs: t.retentionMs })),
    ...topics.map((t) => ({
      name: dlqTopicOf(t.name),
      partitions: DLQ_PARTITIONS,
      deadLetter: true,
      retentionMs: DLQ_RETENTION_MS,
    })),
  ];
}

/** The topic an event type is published to, by its type prefix; throws for a type no topic owns. */
export function topicOfEventType(type: string): TopicDefinition {
  const topic = topics.find((t) => type.startsWith(t.eventTypePrefix));
  if (!topic) {
    throw new Error(`No topic carries event type ${type}`);
  }
  return topic;
}

/** The topic called `name` (not a dead-letter topic); undefined when contracts/topics.json has no such topic. */
export function topicNamed(name: string): TopicDefinition | undefined {
  return topics.find((t) => t.name === name);
}

/** The event topic of a producing service; throws when the service produces no events. */
export function topicOfProducer(producer: string): TopicDefinition {
  const topic = topics.find((t) => t.producer === producer);
  if (!topic) {
    throw new Error(`Service ${producer} has no event topic`);
  }
  return topic;
}
