import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import type { KetenpadEventDataMap } from '@ketenpad/contracts';
import { buildEvent, EventCodec } from '@ketenpad/events';
import { startService } from '@ketenpad/platform';
import { kafkaBrokers, type TestDatabase } from '@ketenpad/testing';
import { timelineAppModule, timelineInbox, TIMELINE_API } from '../src/app.module';

/** Amsterdam's municipality, the source of the events these tests publish. */
export const GM0363 = 'urn:nld:ketenpad:municipality:GM0363';

/**
 * Publishes a municipality's event (Amsterdam's unless `source` names another) on
 * `municipality.events.v1`, keyed by its pathway, as the municipality's relay does.
 */
export async function publishMunicipalityEvent<T extends keyof KetenpadEventDataMap>(
  producer: Producer,
  type: T,
  pathwayId: string,
  data: KetenpadEventDataMap[T],
  source: string = GM0363,
): Promise<void> {
  const event = buildEvent({ type, source, pathwayId, data });
  await producer.send({
    topic: 'municipality.events.v1',
    acks: -1,
    messages: [{ key: pathwayId, value: EventCodec.shared().encode(event), headers: { id: event.id } }],
  });
}

/** One query on the test's database, on a connection of its own (the service's pool is not the test's). */
export async function query<T>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The timeline service on the test's database, projecting generation `generation` from the dev broker, on a free port. */
export function startTimeline(db: TestDatabase, generation: string): Promise<INestApplication> {
  return startService({
    ...TIMELINE_API,
    rootModule: timelineAppModule({
      config: { kafkaBrokers: kafkaBrokers(), databaseUrl: db.url },
      databaseName: db.name,
      generation,
    }),
    inbox: timelineInbox(generation),
    port: 0,
  });
}
