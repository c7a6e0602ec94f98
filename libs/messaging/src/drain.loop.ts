import type { Backoff } from './retry.policy';

/**
 * What one drain round found: `more` - a full batch was handled, go again at
 * once; `idle` - nothing left; `busy` - another instance is draining.
 */
export type DrainResult = 'more' | 'idle' | 'busy';

export interface DrainLoopOptions {
  /** Poll interval when idle, so nothing stays stuck if a wake-up is lost. */
  readonly idleMs: number;
  /** Wait after a failed round; wake-ups do not shorten it. */
  readonly backoff: Backoff;
  /** Told about every failed round. */
  readonly onError?: (error: unknown, failedRounds: number) => void;
}

interface Sleeper {
  readonly wakeable: boolean;
  readonly resolve: () => void;
}

/**
 * Runs `drain` in a loop with coalesced wake-ups: any number of `wake()` calls
 * while a round runs cause exactly one more round, an idle loop sleeps until
 * woken or the poll interval passes, and a failing round backs off.
 */
export class DrainLoop {
  private running = false;
  private wakePending = false;
  private sleeper: Sleeper | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly drain: () => Promise<DrainResult>,
    private readonly options: DrainLoopOptions,
  ) {}

  start(): void {
    if (this.loop) return;
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.wakePending = true;
    if (this.sleeper?.wakeable) this.sleeper.resolve();
  }

  /** Stops after the round in progress; resolves when it finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.sleeper?.resolve();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    let failedRounds = 0;
    while (this.running) {
      this.wakePending = false;
      let result: DrainResult;
      try {
        result = await this.drain();
        failedRounds = 0;
      } catch (error) {
        failedRounds += 1;
        this.options.onError?.(error, failedRounds);
        await this.sleep(this.options.backoff(failedRounds), false);
        continue;
      }
      if (result === 'more' || this.wakePending) continue;
      await this.sleep(this.options.idleMs, true);
    }
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleeper = { wakeable, resolve: done };
    });
  }
}
