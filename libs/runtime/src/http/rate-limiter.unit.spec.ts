import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('lets a key burst up to its per-minute allowance and then refuses with the wait until the next request', () => {
    // given
    const limiter = new RateLimiter(60, () => 0);

    // when
    const decisions = Array.from({ length: 61 }, () => limiter.take('caller'));

    // then
    expect(decisions.slice(0, 60).every((d) => d.allowed)).toBe(true);
    expect(decisions[60]).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the configured rate, so a throttled key may go on after waiting', () => {
    // given
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) limiter.take('caller');

    // when
    now += 1_000;
    const afterOneSecond = limiter.take('caller');
    const rightAfter = limiter.take('caller');

    // then
    expect(afterOneSecond.allowed).toBe(true);
    expect(rightAfter.allowed).toBe(false);
  });

  it('keeps a separate budget per key', () => {
    // given
    const limiter = new RateLimiter(1, () => 0);
    limiter.take('a');

    // when / then
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('never refuses when switched off with 0', () => {
    const limiter = new RateLimiter(0, () => 0);
    expect(Array.from({ length: 1000 }, () => limiter.take('a')).every((d) => d.allowed)).toBe(true);
  });

  it('bounds its memory by dropping the least recently used keys', () => {
    // given
    const limiter = new RateLimiter(10, () => 0, 100);

    // when
    for (let i = 0; i < 1000; i++) limiter.take(`key-${i}`);

    // then
    expect(limiter.size).toBe(100);
  });
});
