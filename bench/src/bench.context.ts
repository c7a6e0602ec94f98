import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { JsonLogger } from '@ketenpad/runtime';

/** Run sizes; see README.md for what each one fits into. */
export interface BenchSizes {
  /** B1 producer: 1 KB messages, 100 per send. */
  readonly producerMessages: number;
  /** B1 COPY: timeline-shaped rows, 10k per COPY. */
  readonly copyRows: number;
  /** B2: events through the real inbox consumer and timeline projection (the raw consumer reads the same events). */
  readonly projectionEvents: number;
  /** B3: pending outbox rows drained by the real relay. */
  readonly relayRows: number;
  /** B4: counsellor commands per second asked of the municipality API (open loop), and for how long. */
  readonly latencyRate: number;
  readonly latencySeconds: number;
  /**
   * B5: load-generator events rebuilt from offset zero. Capped by the dev
   * broker's ~5 MB per partition (README.md): ~45k chain events fit, not 1M.
   */
  readonly rebuildEvents: number;
  /** B2 with history: events already in the read model, then B2 again with `historyIngestEvents`. */
  readonly historyEvents: number;
  readonly historyIngestEvents: number;
}

export const QUICK: BenchSizes = {
  producerMessages: 20_000,
  copyRows: 200_000,
  projectionEvents: 20_000,
  relayRows: 20_000,
  latencyRate: 50,
  latencySeconds: 20,
  rebuildEvents: 20_000,
  historyEvents: 200_000,
  historyIngestEvents: 20_000,
};
export const FULL: BenchSizes = {
  producerMessages: 100_000,
  copyRows: 1_000_000,
  projectionEvents: 200_000,
  relayRows: 100_000,
  latencyRate: 1_000,
  latencySeconds: 60,
  rebuildEvents: 45_000,
  historyEvents: 1_000_000,
  historyIngestEvents: 50_000,
};

/** What every benchmark gets: one broker, one fresh database, one process. */
export interface BenchContext {
  readonly sizes: BenchSizes;
  readonly brokers: string[];
  /** A plain kafkajs client for the raw baselines (quiet logger). */
  readonly kafka: Kafka;
  /** TypeORM data source of the fresh database, messaging and timeline migrations applied. */
  readonly dataSource: DataSource;
  readonly databaseUrl: string;
  /** Logger for the real components: warnings and errors only, to stderr. */
  readonly logger: JsonLogger;
  /** Replaces the one progress line. */
  progress(text: string): void;
}

/** One measured throughput. */
export interface Measurement {
  readonly count: number;
  readonly ms: number;
  /** Per second. */
  readonly rate: number;
  /** Where the time went, when the component reports it (ms). */
  readonly detail?: Readonly<Record<string, number>>;
}

export function measurement(count: number, ms: number, detail?: Record<string, number>): Measurement {
  return { count, ms: Math.round(ms), rate: Math.round((count * 1_000) / ms), ...(detail && { detail }) };
}

/** Topics used (6 partitions each, from contracts/topics.json). */
export const TOPICS = {
  /** B1 raw producer output (nobody reads it back, so the broker's retention may drop it). */
  producer: 'gp.events.v1',
  /** B2 events; the B1 raw consumer reads the very same messages. */
  events: 'municipality.events.v1',
  /** B3 relay output. */
  relay: 'court-liaison.events.v1',
} as const;

export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
