import { DEFAULT_RETRY_SCHEDULE, nextAttempt } from './retry.schedule';

const first = new Date('2026-01-05T10:00:00Z');
const at = (ms: number) => new Date(first.getTime() + ms);

describe('retry schedule', () => {
  it('waits between half and the whole of the doubled base delay', () => {
    // given the third failed attempt
    // when the next attempt is planned with no and with maximal jitter
    const low = nextAttempt(DEFAULT_RETRY_SCHEDULE, 3, first, first, 0);
    const high = nextAttempt(DEFAULT_RETRY_SCHEDULE, 3, first, first, 0.999);
    // then the delay lies within [20 s, 40 s)
    expect(low).toEqual({ kind: 'retry', at: at(20_000) });
    expect(high.kind === 'retry' && high.at.getTime() - first.getTime()).toBeGreaterThan(39_000);
  });

  it('never waits longer than the maximum delay', () => {
    // given many failed attempts
    const decision = nextAttempt(DEFAULT_RETRY_SCHEDULE, 40, first, first, 0.999);
    // then the delay is capped at one hour
    expect(decision.kind === 'retry' && decision.at.getTime() - first.getTime()).toBeLessThanOrEqual(3_600_000);
  });

  it('keeps trying for the full 24 hours, the last retry at the end of the window', () => {
    // given a failure 23h59m after the first attempt
    const decision = nextAttempt(DEFAULT_RETRY_SCHEDULE, 30, first, at(24 * 3_600_000 - 60_000), 0.5);
    // then the next attempt is exactly at the end of the window
    expect(decision).toEqual({ kind: 'retry', at: at(24 * 3_600_000) });
  });

  it('dead-letters a delivery that still fails once the window has passed', () => {
    // given a failure at the end of the 24-hour window
    const decision = nextAttempt(DEFAULT_RETRY_SCHEDULE, 31, first, at(24 * 3_600_000), 0.5);
    // then it is given up
    expect(decision).toEqual({ kind: 'dead-letter' });
  });

  it('makes at least twenty attempts in the window when every attempt fails at once', () => {
    // given a partner that always fails immediately
    let now = first;
    let attempts = 1;
    for (;;) {
      const decision = nextAttempt(DEFAULT_RETRY_SCHEDULE, attempts, first, now, 0.5);
      if (decision.kind === 'dead-letter') break;
      now = decision.at;
      attempts += 1;
    }
    // then it was tried over the whole day, about hourly at the end
    expect(attempts).toBeGreaterThanOrEqual(20);
    expect(now.getTime() - first.getTime()).toBe(24 * 3_600_000);
  });
});
