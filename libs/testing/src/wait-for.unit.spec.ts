import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('returns the first value the probe produces', async () => {
    // given a probe that succeeds on its third call
    let calls = 0;
    const probe = async () => (++calls >= 3 ? { calls } : undefined);
    // when / then
    await expect(waitFor(probe, { description: 'third call', intervalMs: 1 })).resolves.toEqual({ calls: 3 });
  });

  it('names what it waited for when it times out', async () => {
    await expect(waitFor(async () => false, { description: 'referral-accepted on the timeline', timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      'Timed out after 30 ms waiting for referral-accepted on the timeline',
    );
  });

  it('retries a probe that throws and reports its last error on timeout', async () => {
    await expect(
      waitFor(
        async () => {
          throw new Error('connection refused');
        },
        { description: 'the projection', timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow('waiting for the projection (last probe failed: connection refused)');
  });
});
