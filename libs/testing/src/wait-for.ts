export interface WaitForOptions {
  /** What is awaited, in words; it is the timeout error's message. */
  readonly description: string;
  /** Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Pause between probes; default 100 ms. */
  readonly intervalMs?: number;
}

/**
 * Polls `probe` until it returns something other than `undefined` or `false`
 * and returns that value. Eventual consistency (consumers, projections) is
 * asserted with this instead of fixed sleeps. A probe that throws is retried;
 * its last error is named in the timeout message.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | false>, options: WaitForOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : ` (last probe failed: ${describeError(lastError)})`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${options.description}${cause}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : JSON.stringify(error);
}
