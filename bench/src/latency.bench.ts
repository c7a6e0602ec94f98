import { randomUUID } from 'node:crypto';
import { DevIssuer } from '@ketenpad/auth';
import { startDevBroker } from '@ketenpad/dev-broker';
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

/** What B4 and B7 measured. */
export interface LatencyResult {
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

/**
 * B4 + B7: the municipality and the timeline as processes (their dist/main.js)
 * on their own databases and a fresh dev broker; counsellor commands from the
 * load generator sent on an open-loop schedule; each committed command is
 * polled on the timeline API until its event is there. RSS of both processes
 * is sampled during the load.
 */
export async function endToEndLatency(ctx: BenchContext, rate: number, durationMs: number): Promise<LatencyResult> {
  ctx.progress('B4 starting dev broker, municipality and timeline');
  const broker = await startDevBroker();
  const services: BenchService[] = [];
  try {
    const generation = `bench-${randomUUID().slice(0, 8)}`;
    services.push(
      await startBenchService('municipality', broker.brokers),
      await startBenchService('timeline', broker.brokers, { TIMELINE_PROJECTION_GENERATION: generation }),
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
    const sorted = [...latencies].sort((a, b) => a - b);
    const sortedCommands = [...commandTimes].sort((a, b) => a - b);
    return {
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

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
