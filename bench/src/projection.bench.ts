import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Producer } from 'kafkajs';
import { EventCodec } from '@ketenpad/events';
import { InboxConsumer, type InboxBatchHandler, type InboxHandler } from '@ketenpad/messaging';
import { TimelineRepository } from '../../services/timeline/src/adapters/persistence/timeline.repository';
import { TimelineProjection } from '../../services/timeline/src/application/timeline.projection';
import { measurement, TOPICS, until, type BenchContext, type Measurement } from './bench.context';
import { chainEvent, encodeEvent } from './event.fixture';

/**
 * The dev broker keeps about 5 MB per partition and drops older messages
 * (README.md). At ~650 bytes an event, 24k unread events are ~2.6 MB per
 * partition of a 6-partition topic: that is the most produced ahead of the
 * consumer.
 */
const WINDOW = 24_000;
const SEND_SIZE = 500;

/** Produces the B2 events in order, never more than {@link WINDOW} ahead of what was consumed. */
export class EventFeeder {
  produced = 0;
  private producer: Producer | undefined;

  constructor(
    private readonly ctx: BenchContext,
    readonly total: number,
  ) {}

  /** Produces up to the window before any clock starts; returns how many are on the topic. */
  async prefill(): Promise<number> {
    this.producer = this.ctx.kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: false,
      maxInFlightRequests: 1,
    });
    await this.producer.connect();
    await this.produceUntil(Math.min(this.total, WINDOW), 'B2 producing events');
    return this.produced;
  }

  /** Keeps producing while `consumed()` advances (full runs only: quick runs fit in the prefill). */
  async keepUp(consumed: () => number): Promise<void> {
    while (this.produced < this.total) {
      await until(() => this.produced - consumed() < WINDOW - SEND_SIZE * 10, 600_000, 'the consumer to catch up');
      await this.produceUntil(Math.min(this.total, this.produced + SEND_SIZE * 10), undefined);
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }

  private async produceUntil(target: number, label: string | undefined): Promise<void> {
    if (!this.producer) throw new Error('prefill first');
    while (this.produced < target) {
      const n = Math.min(SEND_SIZE, target - this.produced);
      const messages = Array.from({ length: n }, (_, i) => {
        const { key, value, headers } = encodeEvent(chainEvent(this.produced + i));
        return { key, value, headers };
      });
      await this.producer.send({ topic: TOPICS.events, messages, acks: -1 });
      this.produced += n;
      if (label) this.ctx.progress(`${label} ${this.produced}/${target}`);
    }
  }
}

/**
 * B2: the events through the real InboxConsumer (decode + validate, attempt
 * counting, inbox dedupe, offset commit) with the real timeline projection
 * as handler. The clock starts at the first handler call and stops when the
 * consumer reported the last event processed.
 */
export async function projectionIngest(ctx: BenchContext, feeder: EventFeeder): Promise<Measurement> {
  const projection = new TimelineProjection(new TimelineRepository(), `bench-${randomUUID().slice(0, 8)}`);
  // As the service wires it (ANY_EVENT and ANY_EVENT_BATCH): each inbox transaction's new events set-wise, single events and retries one by one.
  return ingest(
    ctx,
    'timeline',
    feeder.total,
    feeder,
    (event, manager, meta) => projection.project({ event, manager, meta }),
    (items, manager) => projection.projectTransaction({ items, manager }),
  );
}

/**
 * Diagnostic for B2: the same consumer with a handler that writes nothing,
 * i.e. the cost of decoding, attempt counting, the inbox insert and the
 * offset commit alone. Reads the first `count` (prefilled) events.
 */
export async function inboxOnlyIngest(ctx: BenchContext, count: number): Promise<Measurement> {
  return ingest(ctx, 'inbox-only', count, undefined, async () => undefined);
}

async function ingest(
  ctx: BenchContext,
  name: string,
  total: number,
  feeder: EventFeeder | undefined,
  handle: InboxHandler,
  handleBatch?: InboxBatchHandler,
): Promise<Measurement> {
  let processed = 0;
  let first: number | undefined;
  let transactions = 0;
  const consumer = new InboxConsumer({
    consumerName: `bench.${name}`,
    groupId: `bench.${name}.${randomUUID()}`,
    clientId: `bench.${name}`,
    topics: [TOPICS.events],
    dataSource: ctx.dataSource,
    serializer: EventCodec.shared(),
    handle: (event, manager, meta) => {
      first ??= performance.now();
      transactions += 1;
      return handle(event, manager, meta);
    },
    ...(handleBatch && {
      handleBatch: (items, manager) => {
        first ??= performance.now();
        transactions += 1;
        return handleBatch(items, manager);
      },
    }),
    logger: ctx.logger,
    fromBeginning: true,
    brokers: ctx.brokers,
    metrics: {
      onProcessed: (count) => {
        processed += count;
      },
    },
  });
  const before = await counts(ctx, name);
  const cpu = await CpuMeter.start(ctx);
  await consumer.start();
  const ticker = setInterval(() => ctx.progress(`B2 ${name} ${processed}/${total}`), 500);
  try {
    await Promise.all([
      feeder?.keepUp(() => processed),
      until(() => processed >= total, 900_000, `B2 ${name} to process ${total} events (has ${processed})`),
    ]);
    const done = performance.now();
    if (first === undefined) throw new Error(`B2 ${name}: handler never ran`);
    const used = await cpu.stop();
    await verify(ctx, name, total, feeder !== undefined, before);
    // Handler calls: one per inbox transaction with the batch handler, one per event without it.
    const calls = { handlerCalls: transactions };
    return measurement(total, done - first, used ? { ...perEvent(used, total), ...calls } : calls);
  } finally {
    clearInterval(ticker);
    await consumer.stop();
    await feeder?.close();
  }
}

async function counts(ctx: BenchContext, name: string): Promise<{ entries: number; inbox: number }> {
  const [row] = await ctx.dataSource.query<Array<{ entries: number; inbox: number }>>(
    `SELECT (SELECT count(*)::int FROM timeline_entry) AS entries, (SELECT count(*)::int FROM inbox WHERE consumer = $1) AS inbox`,
    [`bench.${name}`],
  );
  return row ?? { entries: 0, inbox: 0 };
}

/** Exactly `total` new inbox rows (and timeline entries, when projected) beyond what was there before (preloaded history). */
async function verify(
  ctx: BenchContext,
  name: string,
  total: number,
  projected: boolean,
  before: { entries: number; inbox: number },
): Promise<void> {
  const after = await counts(ctx, name);
  const entries = after.entries - before.entries;
  const inbox = after.inbox - before.inbox;
  if (inbox !== total || (projected && entries !== total))
    throw new Error(`B2 ${name} wrote ${entries} timeline entries and ${inbox} inbox rows, expected ${total}`);
}

/** CPU time in ms: this process (consumer, handler, pg client) and the bench database's server processes. */
interface CpuUsed {
  readonly bench: number;
  readonly postgres: number;
}

/**
 * CPU time spent between start and stop, by this process and by the backends
 * of the bench database (read from /proc, so only when PostgreSQL runs on this
 * host). On 2 shared cores the rate drifts with the neighbours' load; the CPU
 * per event does much less, so it is what to compare before and after a change.
 */
class CpuMeter {
  private constructor(
    private readonly ctx: BenchContext,
    private readonly process0: NodeJS.CpuUsage,
    private readonly backends0: Map<number, number> | undefined,
  ) {}

  static async start(ctx: BenchContext): Promise<CpuMeter> {
    return new CpuMeter(ctx, process.cpuUsage(), await backendCpu(ctx));
  }

  /** Undefined when the backends' CPU cannot be read. */
  async stop(): Promise<CpuUsed | undefined> {
    const bench = process.cpuUsage(this.process0);
    const backends = await backendCpu(this.ctx);
    if (!this.backends0 || !backends) return undefined;
    let postgres = 0;
    // A backend started during the run counts from zero; one that ended is lost (the pool keeps its connections).
    for (const [pid, ms] of backends) postgres += ms - (this.backends0.get(pid) ?? 0);
    return { bench: (bench.user + bench.system) / 1_000, postgres };
  }
}

/** CPU ms so far of each server process connected to the bench database. */
async function backendCpu(ctx: BenchContext): Promise<Map<number, number> | undefined> {
  const rows = await ctx.dataSource.query<Array<{ pid: number }>>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const ticksToMs = 10; // USER_HZ is 100 on Linux
  try {
    return new Map(
      rows.map(({ pid }) => {
        // Fields after the command name: 14th and 15th of the line are utime and stime.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return [pid, (Number(fields[11]) + Number(fields[12])) * ticksToMs];
      }),
    );
  } catch {
    return undefined;
  }
}

function perEvent(used: CpuUsed, events: number): Record<string, number> {
  const us = (ms: number) => Math.round((ms * 10_000) / events) / 10;
  return { benchCpuUsPerEvent: us(used.bench), postgresCpuUsPerEvent: us(used.postgres) };
}
