import { HEALTH_CACHE_MS, HealthRegistry } from './health.registry';

describe('the health registry', () => {
  it('answers every call within a second of a run with that run, so a flood of /health costs one check per second', async () => {
    // given a database check that counts its calls, under a clock the test moves
    let now = 1_000_000;
    let calls = 0;
    const registry = new HealthRegistry(() => now);
    registry.register('database', async () => {
      calls++;
      return { status: 'up', latencyMs: 1 };
    });

    // when 50 callers ask at once, and again just before the second is over
    await Promise.all(Array.from({ length: 50 }, () => registry.run()));
    now += HEALTH_CACHE_MS - 1;
    const cached = await registry.run();

    // then the check ran once; after the second it runs again
    expect(calls).toBe(1);
    expect(cached.status).toBe('up');
    now += 1;
    await registry.run();
    expect(calls).toBe(2);
  });

  it('reports down when any check is down or does not answer in time', async () => {
    const registry = new HealthRegistry();
    registry.register('database', async () => ({ status: 'up' }));
    registry.register('kafka', () => new Promise(() => undefined));
    const report = await registry.run(20);
    expect(report.status).toBe('down');
    expect(report.checks.kafka).toEqual({ status: 'down', error: 'no answer within 20 ms' });
  });
});
