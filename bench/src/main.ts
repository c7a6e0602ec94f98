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
// The service's own list, so the bench's schema follows every timeline migration.
import { TIMELINE_MIGRATIONS } from '../../services/timeline/src/adapters/persistence/timeline.migrations';
import { bottleneckQueries } from './bottleneck-queries.bench';
import { partnerDelivery, partnerDeliveryFigures } from './partner-delivery.bench';
import { portalBench, portalFigures } from './portal.bench';
import { FULL, QUICK, type BenchContext, type BenchSizes, type Measurement } from './bench.context';
import { absolute, atMost, failed, holds, info, markdownTable, ratio, within, type Figure } from './bench.report';
import { preloadHistory, type Preloaded } from './history.preload';
import { endToEndLatency, type LatencyResult } from './latency.bench';
import { EventFeeder, inboxOnlyIngest, projectionIngest } from './projection.bench';
import { rawConsumer, rawCopy, rawProducer } from './raw.bench';
import { rebuildFromZero, type RebuildResult } from './rebuild.bench';
import { relayDrain } from './relay.bench';
import { buildServices } from './service.stack';

const USAGE = `npm run bench [-- --quick | --full] [--only b1,b4,b5,history,b6,partner,portal] [--b4-rate <n>] [--b4-seconds <n>]   (also: ketenpad bench ...)
  --quick         default; ~4 minutes in all
  --full          QUALITY.md sizes where the dev broker allows them (README.md); 4-8 minutes
  --only          run some groups: b1 (B1-B3), b4 (B4 + B7), b5, history (B2 with history; needs b1), b6, partner,
                  portal (P1 initial JavaScript, P2 render times in Chromium; needs the portal built)
  --b4-rate/-seconds  B4 load (default quick 50/s for 20 s, full 1000/s for 60 s)
Writes bench/results/<date>.json and .md after every step; a step that fails is recorded as failed and the run
goes on; exit code 1 when a gate (ratio, identity) or a step failed.`;

/** B6 always runs at QUALITY.md size: loading is SQL-generated and takes ~20 s. */
const B6_PATHWAYS = 100_000;

const GROUPS = ['b1', 'b4', 'b5', 'history', 'b6', 'partner', 'portal'] as const;
type Group = (typeof GROUPS)[number];

/** Runs B1-B3 with their baselines in this one process; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const mode = argv.includes('--full') ? 'full' : 'quick';
  const sizes = withOverrides(mode === 'full' ? FULL : QUICK, argv);
  const only = valueOf(argv, '--only')?.split(',') ?? [...GROUPS];
  const runs = (group: Group): boolean => only.includes(group) || (group === 'b1' && only.includes('history'));
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  const seconds = (): number => Math.round((performance.now() - started) / 1_000);
  // Steps within a group replace one line on a terminal; in a log (CI, a redirected run) only groups get a line.
  const progress = (text: string): void => {
    if (tty) process.stderr.write(`\r\x1b[K${text}`);
  };
  const announce = (text: string): void => {
    if (tty) progress(text);
    else process.stderr.write(`[bench ${seconds()} s] ${text}\n`);
  };
  const logger = new JsonLogger('bench', undefined, 'warn', (line) => process.stderr.write(`\n${line}\n`));

  announce('starting dev broker and database');
  const broker = await startDevBroker();
  const database = await createTestDatabase('bench');
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    migrations: [...messagingMigrations, ...TIMELINE_MIGRATIONS],
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

    const figures: Figure[] = [];
    const failures: { step: string; error: string }[] = [];
    const warnings: string[] = [];
    let latency: LatencyResult | undefined;
    let rebuild: RebuildResult | undefined;
    let history: { preloaded: Preloaded; ingest: Measurement; empty: Measurement } | undefined;

    const results = new ResultsFile(join(__dirname, '../results'));
    const environment = (complete: boolean) => ({
      mode,
      sizes,
      host: hostname(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverage1mBefore: Math.round(loadBefore * 100) / 100,
      loadAverage1mAfter: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      groups: only,
      warnings,
      complete,
      totalSeconds: seconds(),
    });
    // Rewritten after every step, so whatever was measured is on disk even if the run dies later.
    const save = (complete: boolean): void =>
      results.write(
        {
          date: new Date().toISOString(),
          environment: environment(complete),
          measured,
          latency,
          rebuild,
          history,
          failures,
          figures,
        },
        markdownTable(figures),
      );
    /**
     * One step of the run: its figures are saved as soon as it measured them;
     * if it throws, `failedFigures` record the error in their place and the
     * run goes on with the next step (the exit code reports it).
     */
    const step = async (name: string, body: () => Promise<Figure[]>, failedFigures: Figure[]): Promise<void> => {
      announce(name);
      try {
        figures.push(...(await body()));
      } catch (error: unknown) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        process.stderr.write(`\n${name} failed (the run goes on): ${message}\n`);
        failures.push({ step: name, error: message });
        figures.push(...failedFigures.map((f) => failed(f.id, f.what, error)));
      }
      save(false);
    };
    /** A figure's placeholder for its failure row. */
    const figure = (id: string, what: string): Figure => failed(id, what, '');
    /** A measurement a later figure needs; throws (failing that step) when its own step failed. */
    const needed = (key: string, what: string): Measurement => {
      const m = measured[key];
      if (!m) throw new Error(`needs ${what}, which was not measured`);
      return m;
    };

    if (runs('b1')) {
      const feeder = new EventFeeder(ctx, sizes.projectionEvents);
      let onTopic: Awaited<ReturnType<EventFeeder['prefill']>> | undefined;
      const prefilled = () => {
        if (!onTopic) throw new Error('needs the B2 events prefilled, which failed');
        return onTopic;
      };
      await step(
        'B1/B2 prefill of the B2 events',
        async () => {
          onTopic = await feeder.prefill();
          return [];
        },
        [figure('B1', 'prefill of the B2 events (the B1 consumer and B2 read them)')],
      );
      await step(
        'B1 producer',
        async () => {
          measured.producer = await rawProducer(ctx);
          return [absolute('B1', 'kafkajs producer, 1 KB, 100 per send', measured.producer, 'msg/s', 20_000)];
        },
        [figure('B1', 'kafkajs producer, 1 KB, 100 per send')],
      );
      await step(
        'B1 consumer',
        async () => {
          measured.consumer = await rawConsumer(ctx, prefilled());
          return [absolute('B1', 'kafkajs eachBatch consumer (B2 events)', measured.consumer, 'msg/s', 40_000)];
        },
        [figure('B1', 'kafkajs eachBatch consumer (B2 events)')],
      );
      await step(
        'B1 COPY',
        async () => {
          measured.copy = await rawCopy(ctx);
          return [absolute('B1', 'PostgreSQL COPY, timeline rows, 10k per COPY', measured.copy, 'rows/s', 100_000)];
        },
        [figure('B1', 'PostgreSQL COPY, timeline rows, 10k per COPY')],
      );
      await step(
        'B2 diagnostic (inbox only)',
        async () => {
          measured.inboxOnly = await inboxOnlyIngest(ctx, prefilled());
          return [
            info(
              'B2',
              'diagnostic: same consumer, no-op handler (inbox only)',
              measured.inboxOnly,
              'ev/s',
              needed('consumer', 'B1 consumer'),
            ),
          ];
        },
        [figure('B2', 'diagnostic: same consumer, no-op handler (inbox only)')],
      );
      await step(
        'B2 projection ingest',
        async () => {
          prefilled();
          measured.projection = await projectionIngest(ctx, feeder);
          const projection = measured.projection;
          const baseline = (key: string, what: string, make: (b: Measurement) => Figure, id: string, label: string) =>
            measured[key] ? make(measured[key]) : failed(id, label, `needs ${what}, which was not measured`);
          return [
            baseline(
              'consumer',
              'B1 consumer',
              (b) => ratio('B2', 'projection ingest vs raw consumer', projection, 'ev/s', b, 0.5),
              'B2',
              'projection ingest vs raw consumer',
            ),
            baseline(
              'copy',
              'B1 COPY',
              (b) => ratio('B2', 'projection ingest vs raw COPY', projection, 'ev/s', b, 0.25),
              'B2',
              'projection ingest vs raw COPY',
            ),
            absolute('B2', 'projection ingest', projection, 'ev/s', 10_000),
          ];
        },
        [figure('B2', 'projection ingest')],
      );
      await step(
        'B3 outbox relay drain',
        async () => {
          measured.relay = await relayDrain(ctx);
          return [
            ratio(
              'B3',
              'outbox relay drain vs raw producer',
              measured.relay,
              'ev/s',
              needed('producer', 'B1 producer'),
              0.3,
            ),
            absolute('B3', 'outbox relay drain', measured.relay, 'ev/s', 5_000),
          ];
        },
        [figure('B3', 'outbox relay drain')],
      );
    }
    if (runs('history')) {
      await step(
        'B2 with history',
        async () => {
          needed('projection', 'B2 projection ingest');
          history = await projectionWithHistory(ctx, sizes);
          measured.projectionWithHistory = history.ingest;
          return [
            within(
              'B2',
              `projection ingest with ${compact(history.preloaded.entries)} events already loaded vs empty (${compact(sizes.historyIngestEvents)} events each, same setup)`,
              history.ingest,
              'ev/s',
              history.empty,
              0.2,
            ),
          ];
        },
        [figure('B2', 'projection ingest with history vs empty')],
      );
    }
    if (runs('b4') || runs('b5')) {
      await step(
        'building municipality and timeline (nx, cached)',
        async () => {
          const stale = buildServices(['municipality', 'timeline']);
          if (stale) {
            warnings.push(stale);
            process.stderr.write(`\n${stale}\n`);
          }
          return [];
        },
        [figure('B4', 'build of municipality and timeline')],
      );
    }
    if (runs('b4')) {
      await step(
        'B4 end-to-end latency (+ B7 memory)',
        async () => {
          latency = await endToEndLatency(ctx, sizes.latencyRate, sizes.latencySeconds * 1_000);
          const load = `at ${latency.achievedRate} cmd/s achieved (asked ${latency.targetRate}/s, ${sizes.latencySeconds} s)`;
          return [
            atMost('B4', `command committed → on the timeline API, p50, ${load}`, latency.latencyMs.p50, 'ms', 50),
            atMost('B4', 'p99', latency.latencyMs.p99, 'ms', 250),
            atMost(
              'B4',
              `p99.9 (${latency.committed} commands, ${latency.unobserved} never seen, poll interval ${latency.pollIntervalMs} ms)`,
              latency.latencyMs.p999,
              'ms',
              1_000,
            ),
            atMost(
              'B4',
              `achieved rate below asked: ${latency.shed} commands shed, ${latency.rejected} rejected`,
              latency.targetRate - latency.achievedRate,
              'cmd/s',
              0,
            ),
            ...Object.entries(latency.rssMaxMb).map(([service, mb]) =>
              atMost('B7', `max RSS of ${service} under B4 load`, mb, 'MB', 250),
            ),
          ];
        },
        [figure('B4', 'command committed → on the timeline API'), figure('B7', 'max RSS under B4 load')],
      );
    }
    if (runs('b5')) {
      await step(
        'B5 rebuild from offset zero',
        async () => {
          rebuild = await rebuildFromZero(ctx, sizes.rebuildEvents);
          measured.rebuildRaw = rebuild.rawConsumer;
          measured.rebuild = rebuild.rebuild;
          measured.rebuildLive = rebuild.live;
          return [
            info(
              'B5',
              `timeline rebuild from offset zero, ${compact(rebuild.events)} load-generator events, vs raw consumer`,
              rebuild.rebuild,
              'ev/s',
              rebuild.rawConsumer,
            ),
            absolute('B5', 'timeline rebuild from offset zero', rebuild.rebuild, 'ev/s', 20_000),
            info(
              'B5',
              'diagnostic: the same timeline projecting live, while produced',
              rebuild.live,
              'ev/s',
              rebuild.rawConsumer,
            ),
            holds(
              'B5',
              'rebuilt read model identical to the live one (checksum)',
              rebuild.identical,
              rebuild.identical ? 'identical' : 'differs',
              'identical',
            ),
          ];
        },
        [figure('B5', 'timeline rebuild from offset zero')],
      );
    }
    if (runs('b6')) {
      await step(
        'B6 bottleneck queries (loading 100k pathways / 1M events into the timeline read model)',
        async () => {
          const b6 = await bottleneckQueries(B6_PATHWAYS);
          return b6.latencies.map((latency) =>
            atMost(
              'B6',
              `${latency.query}: p99 of ${latency.runs} (${compact(b6.pathways)} pathways, ${compact(b6.events)} events)`,
              latency.p99,
              'ms',
              latency.query.startsWith('pathway timeline') ? 25 : 300,
            ),
          );
        },
        [figure('B6', 'bottleneck queries')],
      );
    }
    if (runs('partner')) {
      await step(
        'B8 partner delivery to a loopback receiver',
        async () => partnerDeliveryFigures(await partnerDelivery(ctx)),
        [figure('B8', 'partner delivery worker throughput vs raw HTTP POST (loopback)')],
      );
    }
    if (runs('portal')) {
      await step('P1/P2 portal in Chromium (built app, API fixtures)', async () => portalFigures(await portalBench()), [
        figure('P1', 'portal initial JavaScript'),
        figure('P2', 'portal render times'),
      ]);
    }
    progress('');

    save(true);
    const table = markdownTable(figures);
    const failedSteps =
      failures.length > 0 ? `; ${failures.length} step(s) FAILED: ${failures.map((f) => f.step).join(', ')}` : '';
    process.stdout.write(
      `${table}\n\n${mode} run in ${seconds()} s, ${cpus().length} cores, load ${Math.round(loadBefore * 100) / 100} -> ${Math.round((loadavg()[0] ?? 0) * 100) / 100}; results: ${results.path}${failedSteps}\n`,
    );
    return failures.length === 0 && figures.every((f) => f.pass || !f.gate) ? 0 : 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop().catch(() => undefined);
    await broker.stop();
  }
}

/** `bench/results/<date>[-n].json` and `.md`: the name taken when the run starts, the files rewritten as it goes. */
class ResultsFile {
  private readonly name: string;

  constructor(private readonly directory: string) {
    mkdirSync(directory, { recursive: true });
    const date = new Date().toISOString().slice(0, 10);
    let name = date;
    for (let n = 2; existsSync(join(directory, `${name}.json`)); n++) name = `${date}-${n}`;
    this.name = name;
  }

  /** Where the results are, relative to the repository. */
  get path(): string {
    return join('bench/results', `${this.name}.json`);
  }

  write(result: object, table: string): void {
    writeFileSync(join(this.directory, `${this.name}.json`), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(this.directory, `${this.name}.md`), table + '\n');
  }
}

/**
 * B2 with and without history, in the same setup so only the history differs:
 * each run on a fresh broker and database, `historyIngestEvents` fed; first on
 * an empty read model (the baseline), then on one already holding `historyEvents`.
 */
async function projectionWithHistory(
  ctx: BenchContext,
  sizes: BenchSizes,
): Promise<{ preloaded: Preloaded; ingest: Measurement; empty: Measurement }> {
  const empty = await projectionOnFreshDatabase(ctx, sizes, 0);
  const loaded = await projectionOnFreshDatabase(ctx, sizes, sizes.historyEvents);
  return { preloaded: loaded.preloaded, ingest: loaded.ingest, empty: empty.ingest };
}

/** B2 on a fresh broker and a database preloaded with `historyEvents` of projected history (0: empty). */
async function projectionOnFreshDatabase(
  ctx: BenchContext,
  sizes: BenchSizes,
  historyEvents: number,
): Promise<{ preloaded: Preloaded; ingest: Measurement }> {
  ctx.progress(`B2 history (${compact(historyEvents)} loaded): starting dev broker and database`);
  const broker = await startDevBroker();
  const database = await createTestDatabase('bench_history');
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    migrations: [...messagingMigrations, ...TIMELINE_MIGRATIONS],
  });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const historyCtx: BenchContext = {
      ...ctx,
      brokers: broker.brokers,
      kafka: new Kafka({ clientId: 'bench.history', brokers: broker.brokers, logLevel: logLevel.NOTHING }),
      dataSource,
      databaseUrl: database.url,
    };
    const preloaded = await preloadHistory(historyCtx, 'bench.timeline', historyEvents);
    const feeder = new EventFeeder(historyCtx, sizes.historyIngestEvents);
    await feeder.prefill();
    return { preloaded, ingest: await projectionIngest(historyCtx, feeder) };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop().catch(() => undefined);
    await broker.stop();
  }
}

function valueOf(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function withOverrides(sizes: BenchSizes, argv: readonly string[]): BenchSizes {
  const number = (name: string): number | undefined => {
    const raw = valueOf(argv, name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
    return value;
  };
  return {
    ...sizes,
    latencyRate: number('--b4-rate') ?? sizes.latencyRate,
    latencySeconds: number('--b4-seconds') ?? sizes.latencySeconds,
  };
}

function compact(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1_000 ? `${Math.round(n / 1_000)}k` : String(n);
}
