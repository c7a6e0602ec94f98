import type { DataSource, EntityManager } from 'typeorm';
import { pgErrorCode } from './database.provisioner';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface TransactionOptions {
  /** Default `READ COMMITTED` (PostgreSQL's default). */
  isolation?: IsolationLevel;
  /** Extra attempts after a serialization failure or deadlock (default 3). */
  retries?: number;
}

/** serialization_failure and deadlock_detected: PostgreSQL asks the client to retry these. */
const RETRYABLE = new Set(['40001', '40P01']);
const DEFAULT_RETRIES = 3;

/**
 * Runs `work` in one transaction and passes its `EntityManager` explicitly
 * (STYLE.md rule 4). When PostgreSQL aborts the transaction with a
 * serialization failure (40001) or deadlock (40P01), the whole of `work`
 * runs again in a fresh transaction, at most `retries` more times, with
 * jittered backoff. `work` must therefore have no effects outside `manager`.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const isolation = options.isolation ?? 'READ COMMITTED';
  const retries = options.retries ?? DEFAULT_RETRIES;
  for (let attempt = 0; ; attempt++) {
    try {
      return await dataSource.transaction(isolation, work);
    } catch (error: unknown) {
      const code = pgErrorCode(error);
      if (code === undefined || !RETRYABLE.has(code) || attempt >= retries) throw error;
      await sleep(backoffMs(attempt));
    }
  }
}

/** 5 ms, 10 ms, 20 ms, … capped at 500 ms, with full jitter so competing retries spread out. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(500, 5 * 2 ** attempt);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
