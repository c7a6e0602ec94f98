import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

/** Row count of every table of one database, keyed `schema.table`. */
export type RowCounts = Record<string, number>;

/** Exact row counts of every base table outside the system schemas. */
export async function countRows(databaseUrl: string): Promise<RowCounts> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY 1, 2`,
    );
    const counts: RowCounts = {};
    for (const { table_schema: schema, table_name: table } of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}"."${table}"`);
      counts[`${schema}.${table}`] = Number(rows[0]?.n ?? 0);
    }
    return counts;
  } finally {
    await client.end();
  }
}

/** Every topic of contracts/topics.json and its dead-letter topic. */
export function contractTopics(): string[] {
  const file = JSON.parse(readFileSync(join(__dirname, '../../contracts/topics.json'), 'utf8')) as {
    dlq: { suffix: string };
    topics: Array<{ name: string }>;
  };
  return file.topics.flatMap((t) => [t.name, `${t.name}${file.dlq.suffix}`]);
}

/** Sum of the high-water offsets per topic: it grows with every message produced. */
export async function highWaterMarks(brokers: string[], topics: readonly string[]): Promise<Record<string, number>> {
  const admin = new Kafka({ clientId: 'hostile-input-probe', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const marks: Record<string, number> = {};
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      marks[topic] = offsets.reduce((sum, o) => sum + Number(o.high), 0);
    }
    return marks;
  } finally {
    await admin.disconnect();
  }
}
