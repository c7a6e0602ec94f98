/** The retry policy of webhook delivery. */
export interface RetrySchedule {
  /** Delay before the first retry (ms); doubles per attempt. */
  readonly baseDelayMs: number;
  /** Largest delay between two attempts (ms). */
  readonly maxDelayMs: number;
  /** How long after the first attempt the gateway keeps trying (ms); then the delivery is dead-lettered. */
  readonly retryWindowMs: number;
}

/** At least 24 hours of retries, as issue 5 asks; backoff 10 s, 20 s, ... up to hourly. */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  baseDelayMs: 10_000,
  maxDelayMs: 60 * 60_000,
  retryWindowMs: 24 * 60 * 60_000,
};

export type RetryDecision = { readonly kind: 'retry'; readonly at: Date } | { readonly kind: 'dead-letter' };

/**
 * After a failed attempt: when to try again, or give up. Exponential backoff
 * with "equal jitter" (half fixed, half random), so retries of many
 * deliveries spread out instead of hammering a recovering partner at the same
 * instant, while each delay still grows. The last retry is placed at the end
 * of the window, so a partner is tried for the full window and no longer.
 *
 * @param attempts attempts made so far, including the failed one (≥ 1)
 * @param random a number in [0, 1): the source of jitter (injected for tests)
 */
export function nextAttempt(
  schedule: RetrySchedule,
  attempts: number,
  firstAttemptAt: Date,
  now: Date,
  random: number,
): RetryDecision {
  const deadline = firstAttemptAt.getTime() + schedule.retryWindowMs;
  if (now.getTime() >= deadline) return { kind: 'dead-letter' };
  const exponential = Math.min(schedule.maxDelayMs, schedule.baseDelayMs * 2 ** Math.min(attempts - 1, 30));
  const delay = exponential / 2 + (exponential / 2) * random;
  return { kind: 'retry', at: new Date(Math.min(now.getTime() + delay, deadline)) };
}
