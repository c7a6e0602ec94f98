import 'reflect-metadata';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { startDevBroker } from '@ketenpad/dev-broker';
import { messagingMigrations } from '@ketenpad/messaging';
import { JsonLogger } from '@ketenpad/runtime';
import { createTestDatabase } from '@ketenpad/testing';
import { CreateTimelineTables1795430000000 } from '../../services/timeline/src/adapters/persistence/migrations/1795430000000-create-timeline-tables.migration';
import { FULL, QUICK, type BenchContext, type Measurement } from './bench.context';
import { absolute, info, markdownTable, ratio, type Figure } from './bench.report';
import { EventFeeder, inboxOnlyIngest, projectionIngest } from './projection.bench';
import { rawConsumer, rawCopy, rawProducer } from './raw.bench';
import { relayDrain } from './relay.bench';

const USAGE = `npm run bench [-- --quick | --full]   (also: ketenpad bench ...)
  --quick  default; every benchmark well under 30 s
  --full   QUALITY.md sizes: 1M COPY rows, 200k projected events, 100k outbox rows
Writes bench/results/<date>.json and .md; exit code 1 when a ratio gate fails.`;

/** Runs B1-B3 with their baselines in this one process; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const mode = argv.includes('--full') ? 'full' : 'quick';
  const sizes = mode === 'full' ? FULL : QUICK;
  const progress = (text: string): void => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
  };
  const logger = new JsonLogger('bench', undefined, 'warn', (line) => process.stderr.write(`\n${line}\n`));

  progress('starting dev broker and database');
  const broker = await startDevBroker();
  const database = await createTestDatabase('bench');
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    migrations: [...messagingMigrations, CreateTimelineTables1795430000000],
  });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const ctx: BenchContext = {
      sizes,
      brokers: broker.brokers,
      kafka: new Kafka({ clientId: 'bench.raw', brokers: broker.brokers, logLevel: logLevel.NOTHING }),
      dataSource,
      databaseUrl: database.url,
      logger,
      progress,
    };
    const loadBefore = loadavg()[0] ?? 0;
    const measured: Record<string, Measurement> = {};

    const feeder = new EventFeeder(ctx, sizes.projectionEvents);
    const onTopic = await feeder.prefill();
    measured.producer = await rawProducer(ctx);
    progress('B1 consumer');
    measured.consumer = await rawConsumer(ctx, onTopic);
    measured.copy = await rawCopy(ctx);
    measured.inboxOnly = await inboxOnlyIngest(ctx, onTopic);
    measured.projection = await projectionIngest(ctx, feeder);
    measured.relay = await relayDrain(ctx);
    progress('');

    const figures: Figure[] = [
      absolute('B1', 'kafkajs producer, 1 KB, 100 per send', measured.producer, 'msg/s', 20_000),
      absolute('B1', 'kafkajs eachBatch consumer (B2 events)', measured.consumer, 'msg/s', 40_000),
      absolute('B1', 'PostgreSQL COPY, timeline rows, 10k per COPY', measured.copy, 'rows/s', 100_000),
      ratio('B2', 'projection ingest vs raw consumer', measured.projection, 'ev/s', measured.consumer, 0.5),
      ratio('B2', 'projection ingest vs raw COPY', measured.projection, 'ev/s', measured.copy, 0.25),
      absolute('B2', 'projection ingest', measured.projection, 'ev/s', 10_000),
      info('B2', 'diagnostic: same consumer, no-op handler (inbox only)', measured.inboxOnly, 'ev/s', measured.consumer),
      ratio('B3', 'outbox relay drain vs raw producer', measured.relay, 'ev/s', measured.producer, 0.3),
      absolute('B3', 'outbox relay drain', measured.relay, 'ev/s', 5_000),
    ];
    const environment = {
      mode,
      sizes,
      rawConsumerMessages: onTopic,
      host: hostname(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverage1mBefore: Math.round(loadBefore * 100) / 100,
      loadAverage1mAfter: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    };
    const table = markdownTable(figures);
    const written = writeResults({ date: new Date().toISOString(), environment, measured, figures }, table);
    process.stdout.write(`${table}\n\n${mode} run, ${environment.cpus} cores, load ${environment.loadAverage1mBefore} -> ${environment.loadAverage1mAfter}; results: ${written}\n`);
    return figures.every((f) => f.pass || !f.gate) ? 0 : 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop().catch(() => undefined);
    await broker.stop();
  }
}

function writeResults(result: object, table: string): string {
  const directory = join(__dirname, '../results');
  mkdirSync(directory, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  let name = date;
  for (let n = 2; existsSync(join(directory, `${name}.json`)); n++) name = `${date}-${n}`;
  writeFileSync(join(directory, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(directory, `${name}.md`), table + '\n');
  return join('bench/results', `${name}.json`);
}
