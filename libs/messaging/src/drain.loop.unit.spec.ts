import { DrainLoop, type DrainResult } from './drain.loop';

/** A drain function whose rounds the test releases one at a time. */
function gatedDrain(result: DrainResult | (() => DrainResult) = 'idle') {
  const state = { rounds: 0, release: (): void => undefined };
  const drain = (): Promise<DrainResult> => {
    state.rounds += 1;
    return new Promise((resolve) => {
      state.release = () => resolve(typeof result === 'function' ? result() : result);
    });
  };
  return { state, drain };
}

const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DrainLoop', () => {
  it('runs exactly one more round for any number of wake-ups during a round', async () => {
    // given
    const { state, drain } = gatedDrain();
    const loop = new DrainLoop(drain, { idleMs: 60_000, backoff: () => 10 });
    loop.start();
    await tick();
    // when
    for (let i = 0; i < 10; i++) loop.wake();
    state.release();
    await tick();
    state.release();
    await tick();
    // then
    expect(state.rounds).toBe(2);
    await stopReleasing(loop, state);
  });

  it('sleeps when idle until woken', async () => {
    // given
    const { state, drain } = gatedDrain();
    const loop = new DrainLoop(drain, { idleMs: 60_000, backoff: () => 10 });
    loop.start();
    await tick();
    state.release();
    await tick(50);
    expect(state.rounds).toBe(1);
    // when
    loop.wake();
    await tick();
    // then
    expect(state.rounds).toBe(2);
    await stopReleasing(loop, state);
  });

  it('polls after the idle interval without any wake-up', async () => {
    // given
    let rounds = 0;
    const loop = new DrainLoop(
      async () => {
        rounds += 1;
        return 'idle';
      },
      { idleMs: 30, backoff: () => 10 },
    );
    // when
    loop.start();
    await tick(110);
    await loop.stop();
    // then
    expect(rounds).toBeGreaterThanOrEqual(3);
  });

  it('drains again at once while rounds come back full', async () => {
    // given
    let rounds = 0;
    const loop = new DrainLoop(
      async () => {
        rounds += 1;
        return rounds < 5 ? 'more' : 'idle';
      },
      { idleMs: 60_000, backoff: () => 10 },
    );
    // when
    loop.start();
    await tick(50);
    await loop.stop();
    // then
    expect(rounds).toBe(5);
  });

  it('backs off after a failed round, growing with consecutive failures, and wake-ups do not cut it short', async () => {
    // given
    const failures: number[] = [];
    const waits: number[] = [];
    let rounds = 0;
    const loop = new DrainLoop(
      async () => {
        rounds += 1;
        if (rounds <= 2) throw new Error('broker down');
        return 'idle';
      },
      {
        idleMs: 60_000,
        backoff: (n) => {
          waits.push(n * 40);
          return n * 40;
        },
        onError: (_e, n) => failures.push(n),
      },
    );
    // when
    loop.start();
    await tick(10);
    loop.wake();
    await tick(10);
    // then: still waiting out the first backoff
    expect(rounds).toBe(1);
    await tick(200);
    expect(rounds).toBe(3);
    expect(failures).toEqual([1, 2]);
    expect(waits).toEqual([40, 80]);
    await loop.stop();
  });

  it('stop waits for the round in flight to finish', async () => {
    // given
    const { state, drain } = gatedDrain();
    const loop = new DrainLoop(drain, { idleMs: 60_000, backoff: () => 10 });
    loop.start();
    await tick();
    // when
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await tick();
    // then
    expect(stopped).toBe(false);
    state.release();
    await stopping;
    expect(stopped).toBe(true);
    expect(state.rounds).toBe(1);
  });
});

async function stopReleasing(loop: DrainLoop, state: { release: () => void }): Promise<void> {
  const stopping = loop.stop();
  state.release();
  await stopping;
}
