import { exponentialBackoff } from './retry.policy';

describe('exponentialBackoff', () => {
  it('doubles from the initial wait and stops growing at the cap', () => {
    // given
    const backoff = exponentialBackoff({ initialMs: 100, maxMs: 500 });
    // when
    const waits = [1, 2, 3, 4, 5].map(backoff);
    // then
    expect(waits).toEqual([100, 200, 400, 500, 500]);
  });
});
