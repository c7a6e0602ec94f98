import { waitFor } from '@ketenpad/testing';
import { ChainEventFeed, MUNICIPALITY_TOPIC } from './support/chain-event.feed';
import { sized, sleep } from './support/fault.profile';
import { metricValue, startFaultStack, type FaultStack } from './support/fault.stack';
import { auditTimeline, EXACTLY_ONCE_IN_ORDER, exactlyOnceInOrder, projectionSettled } from './support/timeline.audit';
import { CommitSampler, readTopic, type TopicMessage } from './support/topic.reader';

/**
 * F5 (QUALITY.md): one undecodable and one always-failing message among the
 * events. Must hold: at most 5 attempts with backoff, then `<topic>.dlq` with
 * origin headers; partition lag back to 0 within 10 s.
 */
describe('F5: the projection consumer meeting poison messages', () => {
  let stack: FaultStack | undefined;

  afterAll(async () => {
    await stack?.stop();
  });

  it('parks an undecodable and an always-failing message on the dead-letter topic with their origin, after at most 5 attempts with backoff, and the partition moves on', async () => {
    // given the timeline, and a database that rejects one particular event every time (as a violated constraint would)
    const total = sized(1_500, 10_000);
    const perSecond = sized(75, 400);
    const failingIndex = Math.floor((total * 2) / 3);
    stack = await startFaultStack(['timeline']);
    const s = stack;
    await s.query(
      'timeline',
      `CREATE FUNCTION faults_reject_one() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.event_time = '${ChainEventFeed.timeOf(failingIndex)}' THEN RAISE EXCEPTION 'fault injected: this event always fails'; END IF; RETURN NEW; END $$`,
    );
    await s.query(
      'timeline',
      'CREATE TRIGGER faults_reject_one BEFORE INSERT ON timeline_entry FOR EACH ROW EXECUTE FUNCTION faults_reject_one()',
    );
    const feed = new ChainEventFeed([s.broker.bootstrap], 50);
    const commits = new CommitSampler([s.broker.bootstrap], s.projectionConsumer, MUNICIPALITY_TOPIC);

    // when the events arrive at a steady rate, with a value no codec can decode after the first third
    await feed.publishAtRate(total / 3, perSecond);
    await feed.publishRaw(Buffer.from('{"specversion":"1.0","id":'), { id: 'not-an-event' });
    await feed.publishAtRate(failingIndex - feed.events.length, perSecond);
    await feed.publishAtRate(total - feed.events.length, perSecond);

    // then both are on municipality.events.v1.dlq, each with its origin
    const deadLetters = await waitFor(
      async () => {
        const messages = await readTopic([s.broker.bootstrap], `${MUNICIPALITY_TOPIC}.dlq`);
        return messages.length >= 2 ? messages : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1_000, description: 'two dead letters' },
    );
    const origin = await readTopic([s.broker.bootstrap], MUNICIPALITY_TOPIC);
    const originOf = (dlq: TopicMessage) =>
      origin.find(
        (m) =>
          String(m.partition) === dlq.headers['dlq-origin-partition'] && m.offset === dlq.headers['dlq-origin-offset'],
      );
    expect(deadLetters).toHaveLength(2);
    for (const dlq of deadLetters) {
      expect(dlq.headers['dlq-origin-topic']).toBe(MUNICIPALITY_TOPIC);
      expect(dlq.headers['dlq-consumer']).toBe(s.projectionConsumer);
      expect(originOf(dlq)?.value?.equals(dlq.value!)).toBe(true);
    }
    const undecodable = deadLetters.find((m) => m.headers.id === 'not-an-event')!;
    const failing = deadLetters.find((m) => m.headers.id !== 'not-an-event')!;
    expect(undecodable.headers['dlq-attempts']).toBe('1');
    expect(failing.headers['dlq-error']).toContain('fault injected');
    // at most 5 attempts, 4 of them retried after a backoff of 200, 400, 800 and 1600 ms
    expect(Number(failing.headers['dlq-attempts'])).toBeLessThanOrEqual(5);
    expect(
      await metricValue(s.process.timeline!, 'ketenpad_consumer_retries_total', { topic: MUNICIPALITY_TOPIC }),
    ).toBe(Number(failing.headers['dlq-attempts']) - 1);
    const parkedAfterMs = failing.timestamp - originOf(failing)!.timestamp;
    expect(parkedAfterMs).toBeGreaterThanOrEqual(200 + 400 + 800 + 1600 - 100);

    // and the poison's partition has caught up within 10 s of the poison being parked: the group has
    // committed past every message that was on the partition when it was parked
    const partition = Number(failing.headers['dlq-origin-partition']);
    const endAtParking = origin
      .filter((m) => m.partition === partition && m.timestamp <= failing.timestamp)
      .reduce((end, m) => (BigInt(m.offset) + 1n > end ? BigInt(m.offset) + 1n : end), 0n);
    await waitFor(async () => commits.reachedAt(partition, endAtParking) !== undefined, {
      timeoutMs: 30_000,
      description: 'the partition caught up',
    }).catch(() => undefined);
    await commits.stop();
    const caughtUpAt = commits.reachedAt(partition, endAtParking);
    const lagZeroAfterMs = caughtUpAt === undefined ? undefined : caughtUpAt - failing.timestamp;
    console.info(
      `F5: ${total} events at ${perSecond}/s; failing message parked after ${failing.headers['dlq-attempts']} attempts, ${parkedAfterMs} ms after it was produced; its partition at lag 0 ${lagZeroAfterMs} ms after parking`,
    );
    expect(lagZeroAfterMs).toBeDefined();
    expect(lagZeroAfterMs).toBeLessThanOrEqual(10_000);

    // and every other event is in the timeline exactly once
    await projectionSettled(s, total - 1);
    await sleep(1_000);
    const rest = feed.events
      .filter((_, i) => i !== failingIndex)
      .map((e) => ({ id: e.id, pathwayId: e.pathwayId, order: e.step }));
    expect(exactlyOnceInOrder(await auditTimeline(s, rest))).toEqual(EXACTLY_ONCE_IN_ORDER);
    await feed.close();
  });
});
