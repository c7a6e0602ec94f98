import { KafkaApiKey, KafkaErrorCode } from '@ketenpad/dev-broker';
import { waitFor } from '@ketenpad/testing';
import { ApiLoad, outboxBacklog, outboxEvents } from './support/api.load';
import { MUNICIPALITY_TOPIC } from './support/chain-event.feed';
import { sized, sleep } from './support/fault.profile';
import { GroupJoinCounter, metricValue, startFaultStack, type FaultStack } from './support/fault.stack';
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
    let lastErrorsAt = 0;
    for (let round = 0; round < rounds; round++) {
      await s.broker.control.pushRequestErrors(KafkaApiKey.Produce, [
        KafkaErrorCode.REQUEST_TIMED_OUT,
        KafkaErrorCode.NOT_LEADER_FOR_PARTITION,
      ]);
      await s.broker.control.pushRequestErrors(KafkaApiKey.OffsetCommit, [
        round % 2 === 0 ? KafkaErrorCode.REBALANCE_IN_PROGRESS : KafkaErrorCode.NOT_COORDINATOR,
      ]);
      await s.broker.control.pushRequestErrors(KafkaApiKey.Heartbeat, [KafkaErrorCode.REBALANCE_IN_PROGRESS]);
      lastErrorsAt = Date.now();
      await sleep(1_000);
      // The dev broker fails the next N requests of a kind however late they come, and a
      // producer backing off between retries (kafkajs, up to 5 s) takes one error per retry:
      // errors pushed every second queue up and fail every produce request for minutes (20
      // queued errors kept the relay failing for 66 s; 120 would for about ten minutes), an
      // outage rather than transient errors. So each round waits for a produce request to
      // succeed after its errors, which shows the queue of produce errors is empty again.
      const publishedBefore = await metricValue(s.process.municipality!, 'ketenpad_outbox_published_total');
      await waitFor(
        async () => (await metricValue(s.process.municipality!, 'ketenpad_outbox_published_total')) > publishedBefore,
        { timeoutMs: 30_000, description: `a produce request to succeed after round ${round + 1}'s errors` },
      );
    }
    const tally = await load.stop();
    const rejoins = joins.map((j, i) => j.joins - joinsBefore[i]!);
    joins.forEach((j) => j.stop());

    // then every event of the outbox has exactly one effect on the timeline, in order
    await waitFor(async () => (await outboxBacklog(s)) === 0, {
      timeoutMs: 120_000,
      description: 'the outbox drained',
    });
    const drainedAt = Date.now() - t0;
    const drainedAfterLastError = Date.now() - lastErrorsAt;
    const produced = await outboxEvents(s);
    await projectionSettled(s, produced.length);
    const projectedAt = Date.now() - t0;
    await sleep(2_000);
    expect(exactlyOnceInOrder(await auditTimeline(s, produced))).toEqual(EXACTLY_ONCE_IN_ORDER);
    expect(produced.length).toBeGreaterThanOrEqual(tally.accepted);
    // transient errors must not stall the relay: it drains as F2 asks after recovery
    expect(drainedAfterLastError).toBeLessThanOrEqual(30_000);
    // (the topic itself may hold duplicates: reported, not asserted)
    const onTopic = await readTopic([s.broker.bootstrap], MUNICIPALITY_TOPIC);
    const duplicates = onTopic.length - new Set(onTopic.map((m) => m.headers.id)).size;
    console.info(
      `F3: ${rounds} rounds of injected errors; ${produced.length} events, ${onTopic.length} messages on the topic (${duplicates} duplicates); phases: injection ended at ${lastErrorsAt - t0} ms, outbox drained at ${drainedAt} ms (${drainedAfterLastError} ms after the last injected errors), projected at ${projectedAt} ms; group re-joins forced by the errors: timeline ${rejoins[0]}, municipality ${rejoins[1]}`,
    );
  });
});
