import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
import { JsonLogger } from '@ketenpad/runtime';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests use the one test harness (type:testing)
import { createTestDatabase, kafkaBrokers } from '@ketenpad/testing';
import { KafkaMessageSource, createKafkaClient, messagingMigrations, type IncomingMessage } from '../src';

/** Test logger: quiet unless MESSAGING_TEST_LOGS=1 (kafkajs logs every refused connection of the outage test). */
export const logger = new JsonLogger('messaging-test', undefined, 'debug', (line) => {
  if (process.env.MESSAGING_TEST_LOGS === '1') process.stdout.write(line + '\n');
});

export function kafkaClient(clientId: string) {
  return createKafkaClient({ clientId, brokers: kafkaBrokers(), logger });
}

/**
 * A fresh database with the messaging tables; `dataSource()` opens one more pool
 * on it (another "process"), whose connections carry `applicationName` so a
 * test can terminate them as a crash would.
 */
export async function openMessagingDatabase(prefix: string) {
  const database = await createTestDatabase(prefix);
  const pools: DataSource[] = [];
  const dataSource = async (applicationName = 'messaging-test'): Promise<DataSource> => {
    const ds = new DataSource({
      type: 'postgres',
      url: database.url,
      applicationName,
      migrations: messagingMigrations,
      migrationsRun: true,
      synchronize: false,
      extra: { max: 5 },
    });
    await ds.initialize();
    pools.push(ds);
    return ds;
  };
  return {
    dataSource,
    async close(): Promise<void> {
      for (const ds of pools) await ds.destroy();
      await database.drop();
    },
  };
}

let sequence = 0;

/** A valid envelope; `data.n` numbers events so order can be asserted. */
export function anEvent(overrides: Partial<EventEnvelope> & { data?: Record<string, unknown> } = {}): EventEnvelope {
  sequence += 1;
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'urn:nld:ketenpad:municipality:GM0363',
    type: 'nl.ketenpad.municipality.help-requested.v1',
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: 'https://ketenpad.nl/contracts/municipality/help-requested.v1.json',
    pathwayid: randomUUID(),
    classification: 'chain',
    data: { n: sequence },
    ...overrides,
  };
}

/** Reads a topic from the beginning into memory, one consumer for a whole test file. */
export class TopicCollector {
  readonly messages: IncomingMessage[] = [];
  private readonly source: KafkaMessageSource;

  constructor(topic: string) {
    const groupId = `messaging-test.collector-${randomUUID()}`;
    this.source = new KafkaMessageSource(kafkaClient(groupId), { groupId, topics: [topic], fromBeginning: true });
  }

  async start(): Promise<void> {
    await this.source.run(async (batch, control) => {
      for (const message of batch.messages) {
        this.messages.push(message);
        control.resolveOffset(message.offset);
      }
      await control.commit();
    });
  }

  stop(): Promise<void> {
    return this.source.stop();
  }

  /** Messages whose `id` header is one of `ids`. */
  withIds(ids: readonly string[]): IncomingMessage[] {
    const wanted = new Set(ids);
    return this.messages.filter((m) => wanted.has(m.headers.id ?? ''));
  }

  /** Event ids per key, in partition order. */
  idsByKey(ids: readonly string[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const m of this.withIds(ids)) {
      const key = m.key ?? '';
      out.set(key, [...(out.get(key) ?? []), m.headers.id!]);
    }
    return out;
  }
}
