import { KafkaApiKey, KafkaErrorCode } from '@ketenpad/dev-broker';
import { waitFor } from '@ketenpad/testing';
import { ApiLoad, outboxBacklog, outboxEvents } from './support/api.load';
import { MUNICIPALITY_TOPIC } from './support/chain-event.feed';
import { sized, sleep } from './support/fault.profile';
import { GroupJoinCounter, startFaultStack, type FaultStack } from './support/fault.stack';
import { auditTimeline, EXACTLY_ONCE_IN_ORDER, exactlyOnceInOrder, projectionSettled } from './support/timeline.audit';
import { readTopic } from './support/topic.reader';

/**
 * F3 (QUALITY.md): injected produce / commit / heartbeat errors. Must hold:
 * the topic may hold duplicates; the timeline has exactly one effect per
 * event id. The errors come from the dev broker's fault-injection control,
 * so the platform's own producer (outbox relay) and consumer (timeline inbox)
 * get them on the wire.
 */
describe('F3: the chain when the broker answers produce, commit and heartbeat requests with errors', () => {
  let stack: FaultStack | undefined;

  afterAll(async () => {
    await stack?.stop();
  });

  it('has exactly one timeline effect per event id while produce, offset-commit and heartbeat requests keep failing', async () => {
    // given counsellors recording contact attempts, relayed by the outbox and projected by the timeline
    const t0 = Date.now();
    stack = await startFaultStack(['municipality', 'timeline']);
    const s = stack;
    const load = new ApiLoad(s);
    await load.openPathways(sized(30, 100));
    load.start(6, sized(100, 500));

    const joins = [new GroupJoinCounter(s.process.timeline!), new GroupJoinCounter(s.process.municipality!)];
    const joinsBefore = joins.map((j) => j.joins);

    // when, every second, the next produce, offset-commit and heartbeat requests fail with retriable errors
    const rounds = sized(10, 60);
    for (let round = 0; round < rounds; round++) {
      await s.broker.control.pushRequestErrors(KafkaApiKey.Produce, [
        KafkaErrorCode.REQUEST_TIMED_OUT,
        KafkaErrorCode.NOT_LEADER_FOR_PARTITION,
      ]);
      await s.broker.control.pushRequestErrors(KafkaApiKey.OffsetCommit, [
        round % 2 === 0 ? KafkaErrorCode.REBALANCE_IN_PROGRESS : KafkaErrorCode.NOT_COORDINATOR,
      ]);
      await s.broker.control.pushRequestErrors(KafkaApiKey.Heartbeat, [KafkaErrorCode.REBALANCE_IN_PROGRESS]);
      await sleep(1_000);
    }
    const tally = await load.stop();
    const rejoins = joins.map((j, i) => j.joins - joinsBefore[i]!);
    joins.forEach((j) => j.stop());

    // then every event of the outbox has exactly one effect on the timeline, in order
    await waitFor(async () => (await outboxBacklog(s)) === 0, {
      timeoutMs: 120_000,
      description: 'the outbox drained',
    });
    const produced = await outboxEvents(s);
    const drainedAt = Date.now() - t0;
    await projectionSettled(s, produced.length);
    const projectedAt = Date.now() - t0;
    await sleep(2_000);
    expect(exactlyOnceInOrder(await auditTimeline(s, produced))).toEqual(EXACTLY_ONCE_IN_ORDER);
    expect(produced.length).toBeGreaterThanOrEqual(tally.accepted);
    // (the topic itself may hold duplicates: reported, not asserted)
    const onTopic = await readTopic([s.broker.bootstrap], MUNICIPALITY_TOPIC);
    const duplicates = onTopic.length - new Set(onTopic.map((m) => m.headers.id)).size;
    console.info(
      `F3: ${rounds} rounds of injected errors; ${produced.length} events, ${onTopic.length} messages on the topic (${duplicates} duplicates); phases: outbox drained at ${drainedAt} ms, projected at ${projectedAt} ms; group re-joins forced by the errors: timeline ${rejoins[0]}, municipality ${rejoins[1]}`,
    );
  });
});
