import { Client } from 'pg';
import { projectionChecksum } from '../support/projection.checksum';
import { createTestDatabase, waitFor } from '@ketenpad/testing';
import { api, startStack, startTimeline, type RunningStack } from '../support/ketenpad.stack';
import { randomBsn } from '../support/resident.fixture';

async function inboxCount(url: string, consumer: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM inbox WHERE consumer = $1', [consumer]);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe('the timeline projection', () => {
  let stack: RunningStack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('rebuilds from offset zero to exactly the live result', async () => {
    // given a live projection of several pathways with some history
    const counsellor = await stack.token('GM0363', ['counsellor']);
    const pathwayIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api('POST', `${stack.municipalityUrl}/api/v1/pathways`, counsellor, { bsn: randomBsn(), channel: 'digitaal', ...(i % 2 ? { crisis: { type: 'water' } } : {}) });
      pathwayIds.push(res.body.pathwayId);
      if (i < 3) await api('POST', `${stack.municipalityUrl}/api/v1/pathways/${res.body.pathwayId}/first-conversation`, counsellor, {});
    }
    await waitFor(
      async () => {
        const states = await Promise.all(pathwayIds.map((id) => api('GET', `${stack.timelineUrl}/api/v1/pathways/${id}`, counsellor)));
        return states.every((s, i) => s.status === 200 && (i >= 3 || s.body.firstConversationHeldAt)) || undefined;
      },
      { timeoutMs: 20_000, description: 'the live projection of every pathway' },
    );
    // when a fresh timeline projects everything from offset zero into an empty database
    const rebuildDb = await createTestDatabase('e2e_timeline_rebuild');
    const rebuilt = await startTimeline(rebuildDb, `rebuild-${Date.now()}`);
    try {
      // then, once it has caught up, both read models are identical
      const live = await waitFor(
        async () => {
          const [a, b] = await Promise.all([projectionChecksum(stack.timelineDb.url), projectionChecksum(rebuildDb.url)]);
          return a.entries > 0 && a.entries === b.entries && a.summaries === b.summaries ? { a, b } : undefined;
        },
        { timeoutMs: 30_000, description: 'the rebuilt projection to catch up' },
      );
      expect(live.b).toEqual(live.a);
    } finally {
      await rebuilt.close();
      await rebuildDb.drop();
    }
  });

  it('rebuilds in place when restarted with a new generation, without folding any event twice', async () => {
    // given the live read model
    const before = await projectionChecksum(stack.timelineDb.url);
    expect(before.entries).toBeGreaterThan(0);
    // when the timeline restarts with a new projection generation on the same database
    const generation = `in-place-${Date.now()}`;
    await stack.restart({ timelineGeneration: generation });
    // then, once the new generation has processed every event, the read model is identical
    const after = await waitFor(
      async () => {
        const processed = await inboxCount(stack.timelineDb.url, `timeline.projection.g${generation}`);
        return processed >= before.entries ? projectionChecksum(stack.timelineDb.url) : undefined;
      },
      { timeoutMs: 30_000, description: 'the in-place rebuild to catch up' },
    );
    expect(after).toEqual(before);
  });
});
