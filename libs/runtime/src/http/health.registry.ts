export interface HealthResult {
  status: 'up' | 'down';
  latencyMs?: number;
  error?: string;
  [detail: string]: unknown;
}

export type HealthCheck = () => Promise<HealthResult>;

export type HealthReport = { status: 'up' | 'down'; checks: Record<string, HealthResult> };

/** How long one run of the checks answers every `/health` call: an unauthenticated flood costs one database and Kafka round per second. */
export const HEALTH_CACHE_MS = 1000;

/**
 * Components (database, Kafka producer/consumers) register their check here;
 * `/health` runs them all and is `up` only when every one is. Calls within
 * {@link HEALTH_CACHE_MS} of a run (or while it runs) share its result.
 */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private latest: { startedAt: number; report: Promise<HealthReport> } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
    this.latest = undefined;
  }

  run(timeoutMs = 3000): Promise<HealthReport> {
    const now = this.now();
    if (this.latest === undefined || now - this.latest.startedAt >= HEALTH_CACHE_MS)
      this.latest = { startedAt: now, report: this.runChecks(timeoutMs) };
    return this.latest.report;
  }

  private async runChecks(timeoutMs: number): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await withTimeout(check, timeoutMs)] as const),
    );
    const checks = Object.fromEntries(entries);
    const status = entries.every(([, r]) => r.status === 'up') ? 'up' : 'down';
    return { status, checks };
  }
}

async function withTimeout(check: HealthCheck, timeoutMs: number): Promise<HealthResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check(),
      new Promise<HealthResult>((resolve) => {
        timer = setTimeout(() => resolve({ status: 'down', error: `no answer within ${timeoutMs} ms` }), timeoutMs);
      }),
    ]);
  } catch (e) {
    return { status: 'down', error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}
