import type { DataSource } from 'typeorm';

export interface DatabaseHealth {
  status: 'up' | 'down';
  /** Round-trip time of `SELECT 1`, or the time until the check gave up. */
  latencyMs: number;
  /** Why the database is down; absent when up. */
  error?: string;
}

const DEFAULT_TIMEOUT_MS = 2_000;

/**
 * `SELECT 1` through the service's pool with a timeout. With a single
 * connection (PGlite) a long transaction makes this report `down` until it
 * ends, which is what a caller waiting for the database would experience.
 */
export async function checkDatabase(dataSource: DataSource, options: { timeoutMs?: number } = {}): Promise<DatabaseHealth> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  if (!dataSource.isInitialized) return { status: 'down', latencyMs: 0, error: 'data source is not initialised' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([dataSource.query('SELECT 1'), timeout]);
    return { status: 'up', latencyMs: elapsed() };
  } catch (error: unknown) {
    return { status: 'down', latencyMs: elapsed(), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
