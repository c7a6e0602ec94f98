import { randomUUID } from 'node:crypto';
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { waitFor } from '@ketenpad/testing';

/**
 * One value a resident's erasure must remove, in every form it could be
 * stored in: as text, as the hex of its bytes (a bytea column, a binary Kafka
 * value) and, for binary values, as base64.
 */
export interface SoughtValue {
  /** What the value is, e.g. `bsn`, `email`, `bsn-blind-index`. */
  readonly label: string;
  /** Every spelling searched for, lower-cased (the search ignores case). */
  readonly forms: readonly string[];
}

/** Where a sought value was seen: `<label> @ <place>`, e.g. `bsn @ db:gp:public.patient_consent`. */
export type Sighting = string;

/** A text value (BSN, name, e-mail, …): searched as text and as the hex of its UTF-8 bytes. */
export function soughtText(label: string, value: string): SoughtValue {
  return { label, forms: unique([value, Buffer.from(value, 'utf8').toString('hex')]) };
}

/** A binary value (blind index, ciphertext, wrapped key): searched as hex, base64 and base64url. */
export function soughtBytes(label: string, value: Buffer): SoughtValue {
  return {
    label,
    forms: unique([value.toString('hex'), value.toString('base64'), value.toString('base64url')]),
  };
}

/** The sightings of `sought` in one text, each named `<label> @ <place>`. */
export function searchText(place: string, text: string, sought: readonly SoughtValue[]): Sighting[] {
  const haystack = text.toLowerCase();
  return sought.filter((s) => s.forms.some((form) => haystack.includes(form))).map((s) => `${s.label} @ ${place}`);
}

/**
 * Searches every row of every base table of a database (outside the system
 * schemas) for the sought values: the whole row as PostgreSQL renders it as
 * text (bytea columns as hex there) plus every bytea column decoded as text
 * (`encode(…, 'escape')`: printable bytes stay readable). Places are
 * `db:<service>:<schema>.<table>`.
 */
export async function searchDatabase(
  service: string,
  databaseUrl: string,
  sought: readonly SoughtValue[],
): Promise<Sighting[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ schema: string; table: string; column: string; type: string }>(
      `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column, c.data_type AS type
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY 1, 2, c.ordinal_position`,
    );
    const tables = new Map<string, { schema: string; table: string; bytea: string[] }>();
    for (const c of columns) {
      const key = `${c.schema}.${c.table}`;
      const entry = tables.get(key) ?? { schema: c.schema, table: c.table, bytea: [] };
      if (c.type === 'bytea') entry.bytea.push(c.column);
      tables.set(key, entry);
    }
    const sightings: Sighting[] = [];
    for (const [name, { schema, table, bytea }] of tables) {
      const decoded = bytea.map((column, i) => `, encode(t.${identifier(column)}, 'escape') AS b${i}`).join('');
      const { rows } = await client.query<Record<string, string | null>>(
        `SELECT t::text AS whole${decoded} FROM ${identifier(schema)}.${identifier(table)} t`,
      );
      const text = rows.map((row) => Object.values(row).join('\u0000')).join('\n');
      sightings.push(...searchText(`db:${service}:${name}`, text, sought));
    }
    return distinct(sightings);
  } finally {
    await client.end();
  }
}

/** One message as it sits on a topic. */
export interface TopicMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** The current end offset of every partition of `topics`, by `<topic>/<partition>`. */
export async function topicEnds(brokers: readonly string[], topics: readonly string[]): Promise<Map<string, bigint>> {
  const admin = new Kafka({ clientId: 'erasure.search', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = new Map<string, bigint>();
    for (const topic of topics)
      for (const o of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${o.partition}`, BigInt(o.high));
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads every message of the given topics from offset zero (or, with `from`,
 * from the offsets {@link topicEnds} gave earlier) up to their current ends,
 * with one throw-away consumer group (one group join for all topics, instead
 * of one per topic).
 */
export async function readTopicsFromStart(
  brokers: readonly string[],
  topics: readonly string[],
  from?: ReadonlyMap<string, bigint>,
): Promise<TopicMessage[]> {
  const kafka = new Kafka({ clientId: 'erasure.search', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>();
  const starts = new Map<string, bigint>();
  let total = 0;
  try {
    for (const topic of topics) {
      for (const o of await admin.fetchTopicOffsets(topic)) {
        const key = `${topic}/${o.partition}`;
        // From the earliest offset still held (zero on the dev broker, which never deletes), or from `from`.
        const start = from?.get(key) ?? BigInt(o.low);
        ends.set(key, BigInt(o.high));
        starts.set(key, start);
        total += Number(BigInt(o.high) - start);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const nonEmpty = topics.filter((topic) =>
    [...ends.entries()].some(([key, end]) => key.startsWith(`${topic}/`) && end > (starts.get(key) ?? 0n)),
  );
  const messages: TopicMessage[] = [];
  if (nonEmpty.length === 0) return messages;
  const consumer = kafka.consumer({ groupId: `erasure.search.${randomUUID()}`, sessionTimeout: 6_000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: nonEmpty, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const offset = BigInt(message.offset);
        if (offset >= (ends.get(`${topic}/${partition}`) ?? 0n) || offset < (starts.get(`${topic}/${partition}`) ?? 0n))
          return;
        const headers: Record<string, string> = {};
        for (const [name, raw] of Object.entries(message.headers ?? {}))
          if (raw !== undefined) headers[name] = (Array.isArray(raw) ? raw.join(',') : raw).toString();
        messages.push({ topic, partition, offset: message.offset, key: message.key, value: message.value, headers });
      },
    });
    await waitFor(async () => messages.length >= total, {
      timeoutMs: 60_000,
      intervalMs: 100,
      description: `all ${total} messages of ${nonEmpty.length} topics from offset zero`,
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** Every topic on the cluster but its internal ones (`__consumer_offsets`), dead-letter topics included. */
export async function allTopics(brokers: readonly string[]): Promise<string[]> {
  const admin = new Kafka({ clientId: 'erasure.search', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((topic) => !topic.startsWith('__')).sort();
  } finally {
    await admin.disconnect();
  }
}

/**
 * Searches messages (key, headers, value as text and as hex) for the sought
 * values. Places are `kafka:<topic>:<event type>`, the type read from the
 * CloudEvents JSON (`undecodable` for a value that is not one).
 */
export function searchMessages(messages: readonly TopicMessage[], sought: readonly SoughtValue[]): Sighting[] {
  const sightings: Sighting[] = [];
  for (const m of messages) {
    const value = m.value ?? Buffer.alloc(0);
    const text = [
      m.key?.toString('utf8') ?? '',
      m.key?.toString('hex') ?? '',
      JSON.stringify(m.headers),
      value.toString('utf8'),
      value.toString('hex'),
    ].join('\u0000');
    sightings.push(...searchText(`kafka:${m.topic}:${eventTypeOf(value)}`, text, sought));
  }
  return distinct(sightings);
}

/**
 * The PostgreSQL server's own log files, when this process can read them
 * (Debian keeps them under /var/log/postgresql): what was written after
 * {@link PostgresServerLog.mark} (errors there quote statements and key values).
 */
export class PostgresServerLog {
  private constructor(
    private readonly directory: string,
    private readonly sizes: ReadonlyMap<string, number>,
  ) {}

  static mark(directory = '/var/log/postgresql'): PostgresServerLog {
    return new PostgresServerLog(directory, new Map(readableLogs(directory).map((f) => [f, statSync(f).size])));
  }

  /** Files searched; empty when the server's logs are out of reach. */
  files(): string[] {
    return readableLogs(this.directory);
  }

  /** Everything appended since the mark, all files together. */
  since(): string {
    return this.files()
      .map((file) =>
        readFileSync(file)
          .subarray(this.sizes.get(file) ?? 0)
          .toString('utf8'),
      )
      .join('\n');
  }
}

function readableLogs(directory: string): string[] {
  try {
    return readdirSync(directory)
      .filter((name) => name.endsWith('.log'))
      .map((name) => join(directory, name))
      .filter((file) => {
        try {
          accessSync(file, constants.R_OK);
          return true;
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

function eventTypeOf(value: Buffer): string {
  try {
    const parsed: unknown = JSON.parse(value.toString('utf8'));
    const type = typeof parsed === 'object' && parsed !== null ? (parsed as { type?: unknown }).type : undefined;
    return typeof type === 'string' ? type : 'undecodable';
  } catch {
    return 'undecodable';
  }
}

function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Distinct spellings, lower-cased like the haystacks they are looked for in. */
function unique(forms: readonly string[]): string[] {
  return [...new Set(forms.map((f) => f.toLowerCase()))];
}

function distinct(sightings: readonly Sighting[]): Sighting[] {
  return [...new Set(sightings)].sort();
}
