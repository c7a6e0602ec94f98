import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { startDevBroker } from '@ketenpad/dev-broker';
import { EVENT_ID_HEADER } from '@ketenpad/messaging';
import { partitionCountFrom } from '@ketenpad/platform';

/** The timeline's own setting (services/timeline/src/app.module.ts) and its default there. */
const TIMELINE_CONCURRENCY_ENV = 'TIMELINE_PARTITIONS_CONSUMED_CONCURRENTLY';
const TIMELINE_DEFAULT_CONCURRENCY = 6;
import { demoBsn } from '../../infra/cli/src/demo/demo-resident.bsn';
import {
  municipalityRun,
  type MunicipalityCommand,
  type OpeningCommand,
} from '../../infra/cli/src/demo/municipality.commands';
import {
  DEMO_MUNICIPALITIES,
  generateScenarios,
  type DemoMunicipality,
} from '../../infra/cli/src/demo/scenario.generator';
import type { BenchContext } from './bench.context';
import { RssSampler, startBenchService, type BenchService } from './service.stack';

/** Percentiles of one set of durations, in ms. */
export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/**
 * Where an event's latency went, from the databases' own timestamps (each is
 * `now()`, the start of the writing transaction; same host clock as the bench),
 * for the commands seen on the timeline.
 */
export interface LatencyStages {
  /** Events matched to their outbox and inbox rows. */
  readonly events: number;
  /** Outbox row written (the command's transaction) until the relay took it. */
  readonly relayPickup: Percentiles;
  /** Taken by the relay until its producer sent the message (Kafka CreateTime). */
  readonly publish: Percentiles;
  /** Sent until the timeline's inbox transaction began: broker, fetch wait, partitions taking turns, attempt count. */
  readonly consume: Percentiles;
  /** Inbox transaction began until a poller saw the event: projection, commit, poll resolution. */
  readonly projectionAndPoll: Percentiles;
  /** Of that, the timeline API's answer to the poll that saw the event. */
  readonly seeingPoll: Percentiles;
}

/** What B4 and B7 measured. */
export interface LatencyResult {
  /** Partitions the timeline's inbox consumed at the same time (`TIMELINE_PARTITIONS_CONSUMED_CONCURRENTLY` of its process). */
  readonly timelinePartitionsConsumedConcurrently: number;
  /** Commands per second asked for (open-loop schedule). */
  readonly targetRate: number;
  /** Commands answered 2xx per second over the load window. */
  readonly achievedRate: number;
  readonly durationMs: number;
  readonly committed: number;
  /** Scheduled but not sent: the in-flight cap was reached (the machine could not keep up). */
  readonly shed: number;
  /** Non-2xx answers (each ends its pathway's run). */
  readonly rejected: number;
  /** Committed but never seen on the timeline within the drain timeout. */
  readonly unobserved: number;
  readonly latencyMs: {
    readonly p50: number;
    readonly p99: number;
    readonly p999: number;
    readonly max: number;
    readonly mean: number;
  };
  /** Mean time between two polls of the same pending command: the measurement's resolution. */
  readonly pollIntervalMs: number;
  /** Command response time (API commit), for context. */
  readonly commandMs: { readonly p50: number; readonly p99: number };
  /** Where the latency went; undefined when nothing could be matched. */
  readonly stages: LatencyStages | undefined;
  /** B7: highest VmRSS per service during the load (MB). */
  readonly rssMaxMb: Readonly<Record<string, number>>;
}

/** Beyond this many unanswered commands the schedule sheds (and reports it) instead of queueing without bound. */
const MAX_IN_FLIGHT = 64;
/** Pollers of the timeline API; with {@link REPOLL_MS} they bound the load the measurement itself adds. */
const OBSERVERS = 4;
const REPOLL_MS = 20;
const DRAIN_TIMEOUT_MS = 30_000;
const SEED = 20_251_123;

/** A pathway's remaining counsellor commands: one runs at a time, the next only after the previous was seen on the timeline. */
interface Actor {
  readonly municipality: DemoMunicipality;
  readonly bsn: string;
  readonly opening: OpeningCommand;
  readonly commands: readonly MunicipalityCommand[];
  next: number;
  pathwayId?: string;
  /** How often each event type was committed on this pathway, to know which occurrence to wait for. */
  readonly seen: Map<string, number>;
}

interface Pending {
  readonly actor: Actor;
  readonly emits: string;
  readonly occurrence: number;
  readonly committedAt: number;
  lastPolledAt?: number;
}

/** A command seen on the timeline, by wall clock (to compare with database timestamps). */
interface Seen {
  readonly pathwayId: string;
  readonly type: string;
  readonly occurrence: number;
  readonly seenAtMs: number;
  /** How long the poll that saw it took. */
  readonly pollMs: number;
}

/**
 * The timeline's inbox concurrency for B4: `TIMELINE_PARTITIONS_CONSUMED_CONCURRENTLY`
 * of the bench's environment (default the service's, 6), validated as the service would.
 */
export function b4TimelineConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  return partitionCountFrom(env, TIMELINE_CONCURRENCY_ENV, TIMELINE_DEFAULT_CONCURRENCY);
}

/**
 * B4 + B7: the municipality and the timeline as processes (their dist/main.js)
 * on their own databases and a fresh dev broker; counsellor commands from the
 * load generator sent on an open-loop schedule; each committed command is
 * polled on the timeline API until its event is there. RSS of both processes
 * is sampled during the load. The timeline consumes `timelineConcurrency`
 * partitions at the same time; the municipality (whose reactions share rows
 * between pathways) always one.
 */
export async function endToEndLatency(
  ctx: BenchContext,
  rate: number,
  durationMs: number,
  timelineConcurrency: number = b4TimelineConcurrency(),
): Promise<LatencyResult> {
  ctx.progress('B4 starting dev broker, municipality and timeline');
  const broker = await startDevBroker();
  const services: BenchService[] = [];
  try {
    const generation = `bench-${randomUUID().slice(0, 8)}`;
    services.push(
      await startBenchService('municipality', broker.brokers),
      await startBenchService('timeline', broker.brokers, {
        TIMELINE_PROJECTION_GENERATION: generation,
        [TIMELINE_CONCURRENCY_ENV]: String(timelineConcurrency),
      }),
    );
    const [municipality, timeline] = services as [BenchService, BenchService];
    const issuer = await DevIssuer.open();
    const tokens = new Map<string, string>();
    for (const code of DEMO_MUNICIPALITIES)
      tokens.set(code, await issuer.issueFor(code, ['counsellor'], { ttlSeconds: 3_600 }));
    const coordinator = await issuer.issueFor('KR-001', ['coordinator'], { ttlSeconds: 3_600 });
    const runNonce = Date.now() % 1_000_000_007;

    // Enough pathways that the schedule never runs dry (every actor has at least its opening).
    const scenarios = generateScenarios({
      pathways: Math.max(100, Math.ceil((rate * durationMs) / 1_000)),
      seed: SEED,
    });
    const now = Date.now();
    const fresh: Actor[] = scenarios.flatMap((s) => {
      const run = municipalityRun(s, now);
      return run
        ? [
            {
              municipality: s.municipality,
              bsn: demoBsn(runNonce, s.index),
              opening: run.opening,
              commands: run.commands,
              next: 0,
              seen: new Map<string, number>(),
            },
          ]
        : [];
    });
    const ready: Actor[] = [];
    const pending = new Set<Pending>();
    const latencies: number[] = [];
    const seen: Seen[] = [];
    const commandTimes: number[] = [];
    let inFlight = 0;
    let committed = 0;
    let shed = 0;
    let rejected = 0;
    let repolls = 0;
    let repollIntervalTotal = 0;

    const send = async (actor: Actor): Promise<void> => {
      const token = tokens.get(actor.municipality)!;
      const opening = actor.pathwayId === undefined;
      const command = opening ? actor.opening : actor.commands[actor.next]!;
      const url = opening
        ? `${municipality.url}/api/v1${actor.opening.path}`
        : `${municipality.url}/api/v1/pathways/${actor.pathwayId}${command.path}`;
      const body = opening ? { bsn: actor.bsn, ...command.body } : command.body;
      inFlight++;
      const started = performance.now();
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        const answer = (await response.json().catch(() => undefined)) as { pathwayId?: string } | undefined;
        const committedAt = performance.now();
        if (!response.ok || (opening && !answer?.pathwayId)) {
          rejected++;
          return;
        }
        commandTimes.push(committedAt - started);
        committed++;
        if (opening) actor.pathwayId = answer!.pathwayId;
        else actor.next++;
        const occurrence = (actor.seen.get(command.emits) ?? 0) + 1;
        actor.seen.set(command.emits, occurrence);
        pending.add({ actor, emits: command.emits, occurrence, committedAt });
      } catch {
        rejected++;
      } finally {
        inFlight--;
      }
    };

    // Observers: each takes the oldest-polled pending command and asks the timeline for it.
    let observing = true;
    const queue: Pending[] = [];
    const observer = async (): Promise<void> => {
      while (observing || pending.size > 0) {
        if (queue.length === 0) queue.push(...pending);
        const item = queue.shift();
        if (!item || !pending.has(item)) {
          await new Promise((resolve) => setTimeout(resolve, 2));
          continue;
        }
        const sincePoll = performance.now() - (item.lastPolledAt ?? item.committedAt);
        if (item.lastPolledAt !== undefined && sincePoll < REPOLL_MS)
          await new Promise((resolve) => setTimeout(resolve, REPOLL_MS - sincePoll));
        const asked = performance.now();
        const response = await fetch(`${timeline.url}/api/v1/pathways/${item.actor.pathwayId}/timeline`, {
          headers: { authorization: `Bearer ${coordinator}` },
        }).catch(() => undefined);
        const seenAt = performance.now();
        if (item.lastPolledAt !== undefined) {
          repolls++;
          repollIntervalTotal += asked - item.lastPolledAt;
        }
        item.lastPolledAt = asked;
        if (!response?.ok) {
          await response?.arrayBuffer();
          continue;
        }
        const body = (await response.json()) as { events: { type: string }[] };
        if (body.events.filter((e) => e.type === item.emits).length >= item.occurrence && pending.delete(item)) {
          latencies.push(seenAt - item.committedAt);
          seen.push({
            pathwayId: item.actor.pathwayId!,
            type: item.emits,
            occurrence: item.occurrence,
            seenAtMs: Date.now() - (performance.now() - seenAt),
            pollMs: seenAt - asked,
          });
          if (item.actor.next < item.actor.commands.length) ready.push(item.actor);
        }
      }
    };

    await warmUp(municipality.url, timeline.url, tokens.get('GM0363')!, coordinator, runNonce);
    const rss = new RssSampler(services);
    const observers = Array.from({ length: OBSERVERS }, observer);
    const start = performance.now();
    let scheduled = 0;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const elapsed = performance.now() - start;
        const due = Math.min(Math.floor((elapsed * rate) / 1_000), Math.floor((durationMs * rate) / 1_000));
        for (; scheduled < due; scheduled++) {
          const actor = ready.shift() ?? fresh.shift();
          if (!actor || inFlight >= MAX_IN_FLIGHT) {
            shed++;
            if (actor) ready.unshift(actor);
            continue;
          }
          void send(actor);
        }
        ctx.progress(
          `B4 ${Math.round(elapsed / 1000)}/${durationMs / 1000} s: ${committed} committed, ${latencies.length} seen, ${pending.size} pending, ${inFlight} in flight, ${shed} shed`,
        );
        if (elapsed >= durationMs) {
          clearInterval(tick);
          resolve();
        }
      }, 5);
    });
    const loadMs = performance.now() - start;
    const committedInWindow = committed;
    const drainUntil = Date.now() + DRAIN_TIMEOUT_MS;
    while ((pending.size > 0 || inFlight > 0) && Date.now() < drainUntil) {
      ctx.progress(`B4 draining: ${pending.size} pending, ${inFlight} in flight`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const unobserved = pending.size;
    pending.clear();
    observing = false;
    await Promise.all(observers);
    const rssMaxMb = rss.stop();
    ctx.progress('B4 reading the stage timestamps');
    const stages = await latencyStages(broker.brokers, municipality, timeline, seen);
    const sorted = [...latencies].sort((a, b) => a - b);
    const sortedCommands = [...commandTimes].sort((a, b) => a - b);
    return {
      timelinePartitionsConsumedConcurrently: timelineConcurrency,
      targetRate: rate,
      achievedRate: Math.round((committedInWindow * 1_000) / loadMs),
      durationMs: Math.round(loadMs),
      committed,
      shed,
      rejected,
      unobserved,
      latencyMs: {
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        p999: percentile(sorted, 0.999),
        max: round(sorted[sorted.length - 1] ?? 0),
        mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
      },
      pollIntervalMs: round(repollIntervalTotal / Math.max(1, repolls)),
      commandMs: { p50: percentile(sortedCommands, 0.5), p99: percentile(sortedCommands, 0.99) },
      stages,
      rssMaxMb,
    };
  } finally {
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    await broker.stop();
  }
}

/** The timeline's consumer group joins a few seconds after start: wait until one help request travels end to end. */
async function warmUp(
  municipalityUrl: string,
  timelineUrl: string,
  counsellor: string,
  coordinator: string,
  runNonce: number,
): Promise<void> {
  const response = await fetch(`${municipalityUrl}/api/v1/pathways`, {
    method: 'POST',
    headers: { authorization: `Bearer ${counsellor}`, 'content-type': 'application/json' },
    body: JSON.stringify({ bsn: demoBsn(runNonce + 1, 1), channel: 'balie', crisis: null }),
  });
  if (!response.ok) throw new Error(`B4 warm-up help request answered ${response.status}: ${await response.text()}`);
  const { pathwayId } = (await response.json()) as { pathwayId: string };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const seen = await fetch(`${timelineUrl}/api/v1/pathways/${pathwayId}`, {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    await seen.arrayBuffer();
    if (seen.ok) return;
    if (Date.now() > deadline) throw new Error('B4 warm-up: the help request never reached the timeline');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Matches each seen command to its event: the n-th outbox row of its type on
 * its pathway (seq order) in the municipality, that event's message on the
 * broker, and its inbox row in the timeline.
 */
async function latencyStages(
  brokers: readonly string[],
  municipality: BenchService,
  timeline: BenchService,
  seen: readonly Seen[],
): Promise<LatencyStages | undefined> {
  const outbox = await rowsOf<{
    id: string;
    aggregate_id: string;
    type: string;
    topic: string;
    created_at: Date;
    sent_at: Date | null;
  }>(municipality, 'SELECT id, aggregate_id, type, topic, created_at, sent_at FROM outbox ORDER BY seq');
  const received = new Map(
    (await rowsOf<{ event_id: string; received_at: Date }>(timeline, 'SELECT event_id, received_at FROM inbox')).map(
      (r) => [r.event_id, r.received_at.getTime()],
    ),
  );
  const produced = await producedAt(brokers, [...new Set(outbox.map((r) => r.topic))]);
  const occurrences = new Map<string, number>();
  const byOccurrence = new Map<string, (typeof outbox)[number]>();
  for (const row of outbox) {
    const key = `${row.aggregate_id}|${row.type}`;
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    byOccurrence.set(`${key}|${n}`, row);
  }
  const stages = {
    relayPickup: [] as number[],
    publish: [] as number[],
    consume: [] as number[],
    projection: [] as number[],
    poll: [] as number[],
  };
  for (const s of seen) {
    const row = byOccurrence.get(`${s.pathwayId}|${s.type}|${s.occurrence}`);
    const receivedAt = row && received.get(row.id);
    const producedAtMs = row && produced.get(row.id);
    if (!row?.sent_at || receivedAt === undefined || producedAtMs === undefined) continue;
    stages.relayPickup.push(row.sent_at.getTime() - row.created_at.getTime());
    stages.publish.push(producedAtMs - row.sent_at.getTime());
    stages.consume.push(receivedAt - producedAtMs);
    stages.projection.push(s.seenAtMs - receivedAt);
    stages.poll.push(s.pollMs);
  }
  if (stages.relayPickup.length === 0) return undefined;
  return {
    events: stages.relayPickup.length,
    relayPickup: percentiles(stages.relayPickup),
    publish: percentiles(stages.publish),
    consume: percentiles(stages.consume),
    projectionAndPoll: percentiles(stages.projection),
    seeingPoll: percentiles(stages.poll),
  };
}

/** Kafka CreateTime (set by the relay's producer) of every message on `topics`, by event id. */
async function producedAt(brokers: readonly string[], topics: readonly string[]): Promise<Map<string, number>> {
  const kafka = new Kafka({ clientId: 'bench.b4-stages', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const unread = new Map<string, bigint>();
  await admin.connect();
  try {
    for (const topic of topics)
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic))
        if (high !== low) unread.set(`${topic}/${partition}`, BigInt(high));
  } finally {
    await admin.disconnect();
  }
  const out = new Map<string, number>();
  if (unread.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `bench.b4-stages-${randomUUID()}`, sessionTimeout: 6_000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('B4 stages: reading the produce times timed out')), 60_000);
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              const id = m.headers?.[EVENT_ID_HEADER]?.toString();
              if (id) out.set(id, Number(m.timestamp));
            }
            const key = `${batch.topic}/${batch.partition}`;
            const last = batch.messages[batch.messages.length - 1];
            if (last && BigInt(last.offset) + 1n >= (unread.get(key) ?? 0n)) unread.delete(key);
            if (unread.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

async function rowsOf<T>(service: BenchService, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: service.database.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    p999: percentile(sorted, 0.999),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
