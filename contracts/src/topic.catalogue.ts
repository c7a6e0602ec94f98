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
}

/** A topic as it is provisioned, including the derived dead-letter topics. */
export interface ProvisionedTopic {
  /** Topic name. */
  readonly name: string;
  /** Number of partitions. */
  readonly partitions: number;
  /** True for `<topic>.dlq`. */
  readonly deadLetter: boolean;
}

interface TopicsFile {
  readonly dlq: { readonly suffix: string; readonly partitions: number };
  readonly topics: readonly TopicDefinition[];
}

const topicsFile = JSON.parse(readFileSync(topicsFilePath, 'utf8')) as TopicsFile;

/** Every event topic from contracts/topics.json (DLQ topics excluded; see {@link dlqTopicOf}). */
export const topics: readonly TopicDefinition[] = Object.freeze(topicsFile.topics.map((t) => Object.freeze({ ...t })));

/** Partition count of every dead-letter topic: a DLQ is parked, not streamed, so order across keys does not matter. */
export const DLQ_PARTITIONS: number = topicsFile.dlq.partitions;

/** The dead-letter topic of `topic`: `<topic>.dlq`. */
export function dlqTopicOf(topic: string): string {
  return `${topic}${topicsFile.dlq.suffix}`;
}

/** Every topic to create, event topics followed by their dead-letter topics. */
export function provisionedTopics(): ProvisionedTopic[] {
  return [
    ...topics.map((t) => ({ name: t.name, partitions: t.partitions, deadLetter: false })),
    ...topics.map((t) => ({ name: dlqTopicOf(t.name), partitions: DLQ_PARTITIONS, deadLetter: true })),
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
