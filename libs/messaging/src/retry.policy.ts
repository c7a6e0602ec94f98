/** Milliseconds to wait before the next try, given how many tries failed so far (1-based). */
export type Backoff = (failedAttempts: number) => number;

/** Doubling backoff from `initialMs`, capped at `maxMs`. */
export function exponentialBackoff({ initialMs, maxMs }: { initialMs: number; maxMs: number }): Backoff {
  return (failedAttempts) => Math.min(maxMs, initialMs * 2 ** Math.max(0, failedAttempts - 1));
}
