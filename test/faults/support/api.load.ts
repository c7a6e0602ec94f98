import { uniqueBsns } from '../../support/resident.fixture';
import type { FaultStack } from './fault.stack';
import { sleep } from './fault.profile';

/** Answers of the municipality API during a load run. */
export interface LoadTally {
  /** Commands answered 201: committed, so their events must reach the timeline. */
  accepted: number;
  /** Connection refused/reset or 5xx (the service was down or its database was). */
  failed: number;
  /** Accepted commands per pathway. */
  readonly perPathway: Map<string, number>;
}

/**
 * Produces events the way the platform does: counsellors' commands on the
 * municipality API commit state and outbox rows together; the relay publishes
 * them. Commands that fail (service or database down) are counted and not
 * retried; a command whose answer was lost may still have committed, which is
 * why tests take the outbox, not this tally, as the list of events produced.
 */
export class ApiLoad {
  readonly tally: LoadTally = { accepted: 0, failed: 0, perPathway: new Map() };
  private running = false;
  private workers: Promise<void>[] = [];
  private pathways: string[] = [];
  private token = '';
  /** One resident per pathway: a BSN used twice would land on its open pathway (409). */
  private readonly nextBsn = uniqueBsns();

  constructor(private readonly stack: FaultStack) {}

  /** Opens `count` pathways (help-requested events) before the load starts. */
  async openPathways(count: number): Promise<void> {
    this.token = await this.stack.token('GM0363', ['counsellor']);
    const url = `${this.stack.process.municipality!.url}/api/v1/pathways`;
    for (let i = 0; i < count; i += 10) {
      const opened = await Promise.all(
        Array.from({ length: Math.min(10, count - i) }, async () => {
          const res = await post(url, this.token, { bsn: this.nextBsn(), channel: 'telefoon' });
          if (res.status !== 201) throw new Error(`opening a pathway -> ${res.status} ${res.text}`);
          return (JSON.parse(res.text) as { pathwayId: string }).pathwayId;
        }),
      );
      this.pathways.push(...opened);
    }
    this.tally.accepted += count;
  }

  /** Starts `concurrency` workers recording contact attempts, together at most `perSecond` a second. */
  start(concurrency: number, perSecond: number): void {
    this.running = true;
    const interval = (1000 * concurrency) / perSecond;
    this.workers = Array.from({ length: concurrency }, (_, w) => this.work(w, concurrency, interval));
  }

  async stop(): Promise<LoadTally> {
    this.running = false;
    await Promise.all(this.workers);
    return this.tally;
  }

  private async work(worker: number, workers: number, intervalMs: number): Promise<void> {
    // Each worker owns its own pathways, so one pathway's commands never race each other.
    const mine = this.pathways.filter((_, i) => i % workers === worker);
    for (let n = 0; this.running; n++) {
      const started = Date.now();
      const pathwayId = mine[n % mine.length]!;
      const res = await post(
        `${this.stack.process.municipality!.url}/api/v1/pathways/${pathwayId}/contact-attempts`,
        this.token,
        { kind: 'Huisbezoek', reached: false },
      ).catch(() => undefined);
      if (res?.status === 201) {
        this.tally.accepted += 1;
        this.tally.perPathway.set(pathwayId, (this.tally.perPathway.get(pathwayId) ?? 0) + 1);
      } else {
        this.tally.failed += 1;
        if (!res) await sleep(100);
      }
      await sleep(Math.max(0, intervalMs - (Date.now() - started)));
    }
  }
}

async function post(url: string, token: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text() };
}

/** The events the municipality produced, from its outbox: the source of truth for what the timeline must hold. */
export async function outboxEvents(
  stack: FaultStack,
): Promise<Array<{ id: string; pathwayId: string; order: number; sent: boolean }>> {
  const rows = await stack.query<{ id: string; aggregate_id: string; seq: string; sent: boolean }>(
    'municipality',
    'SELECT id, aggregate_id, seq, sent_at IS NOT NULL AS sent FROM outbox ORDER BY seq',
  );
  return rows.map((r) => ({ id: r.id, pathwayId: r.aggregate_id, order: Number(r.seq), sent: r.sent }));
}

/** Outbox rows the broker has not acknowledged yet. */
export async function outboxBacklog(stack: FaultStack): Promise<number> {
  const [row] = await stack.query<{ n: number }>(
    'municipality',
    'SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL',
  );
  return row?.n ?? 0;
}
