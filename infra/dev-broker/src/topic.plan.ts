import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One topic the dev broker creates at start-up. */
export interface TopicSpec {
  /** Kafka topic name, e.g. `municipality.events.v1`. */
  readonly name: string;
  /** Partition count; events are keyed by pathwayId so order holds per partition. */
  readonly partitions: number;
}

/** How dead-letter companions are derived; `contracts/topics.json` may override it under `"dlq"`. */
export interface DeadLetterPolicy {
  /** Appended to the topic name; `.dlq`. */
  readonly suffix: string;
  /** One partition by default: a DLQ is read by people, not scaled consumers. */
  readonly partitions: number;
}

export const DLQ_PARTITIONS = 1;
export const DEFAULT_DEAD_LETTER_POLICY: DeadLetterPolicy = { suffix: '.dlq', partitions: DLQ_PARTITIONS };

/**
 * Used only while `contracts/topics.json` does not exist yet, so the dev
 * broker keeps working on a checkout that predates the topic catalogue.
 */
export const DEFAULT_TOPICS: readonly TopicSpec[] = [
  { name: 'municipality.events.v1', partitions: 6 },
  { name: 'social-work.events.v1', partitions: 6 },
  { name: 'court-liaison.events.v1', partitions: 6 },
  { name: 'gp.events.v1', partitions: 6 },
  { name: 'timeline.events.v1', partitions: 3 },
  { name: 'partner-gateway.events.v1', partitions: 3 },
];

/** Repository root, the same from `src/` (jest, launcher) and `dist/` (build). */
export const REPO_ROOT = resolve(__dirname, '../../..');

export function defaultTopicsFile(): string {
  return process.env.DEV_BROKER_TOPICS_FILE ?? join(REPO_ROOT, 'contracts/topics.json');
}

/**
 * Reads the topic catalogue (either `{ "topics": [...] }` or a top-level
 * array) and adds a `.dlq` companion for every topic. The file is read with
 * fs rather than imported so the broker never depends on a contracts build.
 */
export function loadTopicPlan(file: string = defaultTopicsFile()): TopicSpec[] {
  if (!existsSync(file)) return withDeadLetterTopics(DEFAULT_TOPICS);
  const document: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return withDeadLetterTopics(parseTopicCatalogue(document, file), parseDeadLetterPolicy(document, file));
}

/** Reads the optional `"dlq": { "suffix", "partitions" }` of the catalogue. */
export function parseDeadLetterPolicy(document: unknown, source = 'topic catalogue'): DeadLetterPolicy {
  const dlq = Array.isArray(document) ? undefined : (document as { dlq?: { suffix?: unknown; partitions?: unknown } } | null)?.dlq;
  if (dlq === undefined) return DEFAULT_DEAD_LETTER_POLICY;
  const suffix = dlq.suffix ?? DEFAULT_DEAD_LETTER_POLICY.suffix;
  const partitions = dlq.partitions ?? DEFAULT_DEAD_LETTER_POLICY.partitions;
  if (typeof suffix !== 'string' || suffix.length === 0) throw new Error(`${source}: dlq.suffix must be a non-empty string`);
  if (typeof partitions !== 'number' || !Number.isInteger(partitions) || partitions < 1) {
    throw new Error(`${source}: dlq.partitions must be a positive integer`);
  }
  return { suffix, partitions };
}

export function parseTopicCatalogue(document: unknown, source = 'topic catalogue'): TopicSpec[] {
  const entries: unknown = Array.isArray(document) ? document : (document as { topics?: unknown } | null)?.topics;
  if (!Array.isArray(entries)) throw new Error(`${source}: expected an array of topics or { "topics": [...] }`);
  return entries.map((entry: unknown, index) => {
    const { name, partitions } = (entry ?? {}) as { name?: unknown; partitions?: unknown };
    if (typeof name !== 'string' || name.length === 0) throw new Error(`${source}: topics[${index}].name must be a non-empty string`);
    if (typeof partitions !== 'number' || !Number.isInteger(partitions) || partitions < 1) {
      throw new Error(`${source}: topics[${index}].partitions must be a positive integer`);
    }
    return { name, partitions };
  });
}

export function withDeadLetterTopics(topics: readonly TopicSpec[], policy: DeadLetterPolicy = DEFAULT_DEAD_LETTER_POLICY): TopicSpec[] {
  const plan = new Map<string, TopicSpec>();
  for (const topic of topics) {
    plan.set(topic.name, topic);
    if (!topic.name.endsWith(policy.suffix)) {
      const dlq = `${topic.name}${policy.suffix}`;
      if (!plan.has(dlq)) plan.set(dlq, { name: dlq, partitions: policy.partitions });
    }
  }
  return [...plan.values()];
}
