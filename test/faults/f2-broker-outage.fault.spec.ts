import { waitFor } from '@ketenpad/testing';
import { ApiLoad, outboxBacklog, outboxEvents } from './support/api.load';
import { MUNICIPALITY_TOPIC } from './support/chain-event.feed';
import { sized, sleep } from './support/fault.profile';
import { GroupJoinCounter, startFaultStack, type FaultStack } from './support/fault.stack';
import { auditTimeline, EXACTLY_ONCE_IN_ORDER, exactlyOnceInOrder, projectionSettled } from './support/timeline.audit';
import { readTopic } from './support/topic.reader';

/**
 * F2 (QUALITY.md): dev broker down 10 s under load, then a 500 ms round trip.
 * Must hold: the outbox keeps rows until acked; the backlog drains within 30 s
 * after recovery; 0 lost, 0 duplicate effects; no rebalance storm.
 */
describe('F2: the chain when the broker goes down and then turns slow', () => {
  let stack: FaultStack | undefined;

  afterAll(async () => {
    await stack?.stop();
  });

  it('keeps unacknowledged events in the outbox, drains them within 30 s of recovery and projects each exactly once without a rebalance storm', async () => {
    // given counsellors recording contact attempts at a steady rate, relayed and projected
    stack = await startFaultStack(['municipality', 'timeline']);
    const s = stack;
    const load = new ApiLoad(s);
    await load.openPathways(sized(30, 200));
    await waitFor(async () => (await outboxBacklog(s)) === 0, {
      timeoutMs: 60_000,
      description: 'the opening events relayed',
    });
    const joins = new GroupJoinCounter(s.process.timeline!);
    const joinsBefore = joins.joins;
    load.start(8, sized(150, 1_000));
    const loadStartedAt = Date.now();
    await sleep(3_000);

    // when the broker is down for 10 s
    await s.broker.control.brokerDown();
    const backlogWhileDown: number[] = [];
    for (const end = Date.now() + 10_000; Date.now() < end; ) {
      backlogWhileDown.push(await outboxBacklog(s));
      await sleep(500);
    }
    await s.broker.control.brokerUp();
    const upAt = Date.now();
    // then nothing left the outbox unacknowledged: the backlog only grew while no broker could ack
    expect(backlogWhileDown[backlogWhileDown.length - 1]).toBeGreaterThan(0);
    expect(backlogWhileDown.slice(2).every((n, i, all) => i === 0 || n >= all[i - 1]!)).toBe(true);
    // and it drains within 30 s of the broker's return, the load still running
    await waitFor(async () => (await outboxBacklog(s)) < 50, {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: 'the outbox backlog drained after the outage',
    });
    const drainedAfterMs = Date.now() - upAt;

    // when every response then takes 500 ms longer
    await s.broker.control.setRoundTripDelay(500);
    await sleep(sized(15_000, 60_000));
    await s.broker.control.setRoundTripDelay(0);
    const fastAgainAt = Date.now();
    const tally = await load.stop();
    const loadSeconds = (Date.now() - loadStartedAt) / 1000;
    await waitFor(async () => (await outboxBacklog(s)) === 0, {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: 'the outbox backlog drained after the slow phase',
    });
    const slowDrainedAfterMs = Date.now() - fastAgainAt;

    // then every event is on the topic and in the timeline exactly once: none lost, none applied twice
    const produced = await outboxEvents(s);
    await projectionSettled(s, produced.length);
    await sleep(2_000);
    expect(exactlyOnceInOrder(await auditTimeline(s, produced))).toEqual(EXACTLY_ONCE_IN_ORDER);
    const onTopic = new Set((await readTopic([s.broker.bootstrap], MUNICIPALITY_TOPIC)).map((m) => m.headers.id));
    expect(produced.filter((e) => !onTopic.has(e.id))).toEqual([]);
    // and the projection consumer re-joined its group a bounded number of times, not in a storm
    joins.stop();
    const rejoins = joins.joins - joinsBefore;
    console.info(
      `F2: ${tally.accepted} commands in ${loadSeconds.toFixed(0)} s (${(tally.accepted / loadSeconds).toFixed(0)}/s); backlog at the end of the outage ${backlogWhileDown.at(-1)}, drained ${drainedAfterMs} ms after the broker returned, ${slowDrainedAfterMs} ms after the slow phase; ${rejoins} group re-joins`,
    );
    expect(rejoins).toBeLessThanOrEqual(3);
  });
});
