import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests use the one test harness (type:testing)
import { waitFor } from '@ketenpad/testing';
import { JsonEventSerializer } from '../test/json.serializer';
import { anEvent as fixtureEvent, kafkaClient, logger, openMessagingDatabase } from '../test/messaging.fixture';
import { InboxConsumer, type InboxConsumerOptions } from './inbox.consumer';
import { KafkaMessageBus } from './kafka.message-bus';

// 3 + 3 partitions that no other messaging spec produces to. Every test reads
// them from the beginning, so handlers skip the events of the other tests (`data.run`).
const TOPICS = ['timeline.events.v1', 'partner-gateway.events.v1'] as const;
const serializer = new JsonEventSerializer();

/** An event the producer of `topic` may publish there: the inbox dead-letters any other type or source (provenance). */
function anEvent(topic: (typeof TOPICS)[number], overrides: Parameters<typeof fixtureEvent>[0] = {}): EventEnvelope {
  return topic === 'timeline.events.v1'
    ? fixtureEvent({ type: 'nl.ketenpad.timeline.deadline-breached.v1', source: 'urn:nld:ketenpad:timeline:ketenpad', ...overrides })
    : fixtureEvent({
        type: 'nl.ketenpad.partner-gateway.subscription-failing.v1',
        source: 'urn:nld:ketenpad:partner-gateway:ketenpad',
        ...overrides,
      });
}

interface Produced {
  readonly topic: string;
  readonly event: EventEnvelope;
}

/** Handler runs in progress: the most at once, and how often a pathway's run began while another run of it was in progress. */
class InFlight {
  most = 0;
  samePathway = 0;
  private running = 0;
  private readonly pathways = new Map<string, number>();

  async run<T>(pathways: Iterable<string>, work: () => Promise<T>): Promise<T> {
    const keys = [...new Set(pathways)];
    this.running += 1;
    this.most = Math.max(this.most, this.running);
    for (const key of keys) {
      const running = this.pathways.get(key) ?? 0;
      if (running > 0) this.samePathway += 1;
      this.pathways.set(key, running + 1);
    }
    try {
      return await work();
    } finally {
      this.running -= 1;
      for (const key of keys) this.pathways.set(key, this.pathways.get(key)! - 1);
    }
  }
}

describe('inbox consumer with partitions consumed concurrently', () => {
  let database: Awaited<ReturnType<typeof openMessagingDatabase>>;
  let dataSource: DataSource;
  let producer: KafkaMessageBus;
  let admin: Admin;
  const consumers: InboxConsumer[] = [];

  beforeAll(async () => {
    database = await openMessagingDatabase('messaging_concurrent');
    dataSource = await database.dataSource('messaging-test.assertions');
    await dataSource.query(
      `CREATE TABLE applied (seq bigserial PRIMARY KEY, run text NOT NULL, event_id uuid NOT NULL, pathway text NOT NULL)`,
    );
    await dataSource.query(`CREATE TABLE pathway_counter (pathway text PRIMARY KEY, n int NOT NULL)`);
    producer = new KafkaMessageBus(kafkaClient('messaging-test.concurrent-producer'));
    admin = kafkaClient('messaging-test.concurrent-admin').admin();
    await admin.connect();
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop();
    await admin?.disconnect();
    await producer?.disconnect();
    await database?.close();
  });

  type ConsumerSetup = Pick<InboxConsumerOptions, 'handle' | 'handleBatch' | 'partitionsConsumedConcurrently'> & {
    readonly groupId: string;
    readonly consumerName: string;
    readonly dataSource?: DataSource;
  };

  /** A consumer of {@link TOPICS}; the caller starts it (and stops it, unless the suite's afterAll may). */
  function consumer(setup: ConsumerSetup, stopAfterAll = true): InboxConsumer {
    const created = new InboxConsumer({
      clientId: setup.consumerName,
      topics: TOPICS,
      dataSource: dataSource,
      serializer,
      retry: { maxAttempts: 5, backoff: () => 10 },
      logger,
      fromBeginning: true,
      // Short, because the dev broker ignores LeaveGroup: a successor waits for this member to expire.
      sessionTimeoutMs: 6_000,
      kafka: kafkaClient(setup.consumerName),
      ...setup,
    });
    if (stopAfterAll) consumers.push(created);
    return created;
  }

  function runOf(event: EventEnvelope): string | undefined {
    return (event.data as { run?: string }).run;
  }

  async function apply(manager: EntityManager, event: EventEnvelope): Promise<void> {
    await manager.query(`INSERT INTO applied (run, event_id, pathway) VALUES ($1, $2, $3)`, [
      runOf(event),
      event.id,
      event.pathwayid,
    ]);
  }

  function produce(messages: readonly Produced[]): Promise<void> {
    return producer.publish(
      messages.map(({ topic, event }) => ({
        topic,
        key: event.pathwayid,
        value: serializer.encode(event),
        headers: { id: event.id, type: event.type },
      })),
    );
  }

  /** `count` events per pathway, numbered 0..count-1 in `data.n`, each pathway on its own topic. */
  function eventsOf(run: string, pathways: readonly string[], count: number): Produced[][] {
    return pathways.map((pathwayid, i) =>
      Array.from({ length: count }, (_, n) => ({
        topic: TOPICS[i % TOPICS.length]!,
        event: anEvent(TOPICS[i % TOPICS.length]!, { pathwayid, data: { run, n } }),
      })),
    );
  }

  async function appliedRows(run: string): Promise<Array<{ event_id: string; pathway: string }>> {
    return dataSource.query(`SELECT event_id, pathway FROM applied WHERE run = $1 ORDER BY seq`, [run]);
  }

  async function expectAppliedOnceInOrder(run: string, perPathway: readonly Produced[][]): Promise<void> {
    const rows = await appliedRows(run);
    const expected = perPathway.flat().map(({ event }) => event.id);
    expect(rows).toHaveLength(expected.length);
    expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(expected));
    for (const events of perPathway) {
      const pathway = events[0]!.event.pathwayid;
      expect(rows.filter((r) => r.pathway === pathway).map((r) => r.event_id)).toEqual(events.map((e) => e.event.id));
    }
  }

  /** Committed offset per `topic/partition` of the group; absent when none was committed. */
  async function committedOffsets(groupId: string): Promise<Map<string, bigint>> {
    const committed = await admin.fetchOffsets({ groupId, topics: [...TOPICS] });
    const out = new Map<string, bigint>();
    for (const { topic, partitions } of committed)
      for (const { partition, offset } of partitions)
        if (BigInt(offset) >= 0n) out.set(`${topic}/${partition}`, BigInt(offset));
    return out;
  }

  /** Whether the group committed up to the end of every non-empty partition. */
  async function committedToEnd(groupId: string): Promise<boolean> {
    const committed = await committedOffsets(groupId);
    for (const topic of TOPICS)
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic))
        if (high !== low && (committed.get(`${topic}/${partition}`) ?? -1n) < BigInt(high)) return false;
    return true;
  }

  /**
   * Starts the consumer and waits until it has read what earlier tests left on
   * the topics, so the events a test produces next arrive in one fetch round.
   */
  async function startCaughtUp(created: InboxConsumer, groupId: string): Promise<void> {
    await created.start();
    await waitFor(() => committedToEnd(groupId), { description: 'the consumer to catch up', timeoutMs: 45_000 });
  }

  it.each([
    ['one event at a time', false],
    ['a transaction at a time (batch handler)', true],
  ])(
    'applies every event exactly once and in order per pathway while partitions run at once, and commits every partition (%s)',
    async (_mode, batched) => {
      // given: twelve pathways over the six partitions, produced in four requests so there are several fetch rounds
      const run = randomUUID();
      const inFlight = new InFlight();
      const pathways = Array.from({ length: 12 }, () => randomUUID());
      const perPathway = eventsOf(run, pathways, 8);
      const handle: InboxConsumerOptions['handle'] = async (event, manager) => {
        if (runOf(event) !== run) return;
        await inFlight.run([event.pathwayid], async () => {
          await apply(manager, event);
          await sleep(5);
        });
      };
      const handleBatch: InboxConsumerOptions['handleBatch'] = async (items, manager) => {
        const mine = items.filter(({ event }) => runOf(event) === run);
        if (mine.length === 0) return;
        await inFlight.run(
          mine.map(({ event }) => event.pathwayid),
          async () => {
            for (const { event } of mine) await apply(manager, event);
            await sleep(20);
          },
        );
      };
      const groupId = `messaging-test.concurrent-${run}`;
      await startCaughtUp(
        consumer({
          groupId,
          consumerName: `messaging-test.concurrent-${run.slice(0, 8)}`,
          partitionsConsumedConcurrently: 3,
          handle,
          ...(batched ? { handleBatch } : {}),
        }),
        groupId,
      );
      // when
      for (let round = 0; round < 4; round++)
        await produce(perPathway.flatMap((events) => events.slice(round * 2, round * 2 + 2)));
      // then
      await waitFor(async () => (await appliedRows(run)).length >= pathways.length * 8, {
        description: 'every event applied',
        timeoutMs: 45_000,
      });
      await waitFor(() => committedToEnd(groupId), { description: 'offsets committed to the end', timeoutMs: 15_000 });
      await expectAppliedOnceInOrder(run, perPathway);
      expect(inFlight.most).toBeGreaterThan(1);
      expect(inFlight.samePathway).toBe(0);
    },
    90_000,
  );

  it('never runs two transactions of one pathway at once, also when its events come from two topics, so a read-modify-write per pathway loses no update', async () => {
    // given: every pathway has events on both topics, on a partition of each, in the same fetch round
    const run = randomUUID();
    const consumerName = `messaging-test.concurrent-gate-${run.slice(0, 8)}`;
    const inFlight = new InFlight();
    const pathways = Array.from({ length: 6 }, () => randomUUID());
    const rounds = 5;
    const groupId = `messaging-test.concurrent-gate-${run}`;
    const gated = consumer({
      groupId,
      consumerName,
      // More workers than partitions: without the key gate both topics' batches of a pathway would run at once.
      partitionsConsumedConcurrently: 6,
      handle: async (event, manager) => {
        if (runOf(event) !== run) return;
        await inFlight.run([event.pathwayid], async () => {
          // Unlocked read, then write: correct only while the pathway's transactions run one after the other.
          const [row] = await manager.query<Array<{ n: number }>>(`SELECT n FROM pathway_counter WHERE pathway = $1`, [
            event.pathwayid,
          ]);
          await sleep(25);
          await manager.query(
            `INSERT INTO pathway_counter (pathway, n) VALUES ($1, $2) ON CONFLICT (pathway) DO UPDATE SET n = EXCLUDED.n`,
            [event.pathwayid, (row?.n ?? 0) + 1],
          );
        });
      },
    });
    await startCaughtUp(gated, groupId);
    // when
    const produced: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const messages = pathways.flatMap((pathwayid) =>
        TOPICS.map((topic) => ({ topic, event: anEvent(topic, { pathwayid, data: { run, n: round } }) })),
      );
      produced.push(...messages.map(({ event }) => event.id));
      await produce(messages);
    }
    // then
    await waitFor(
      async () => {
        const [{ count }] = await dataSource.query<[{ count: number }]>(
          `SELECT count(*)::int AS count FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])`,
          [consumerName, produced],
        );
        return count === produced.length;
      },
      { description: 'every event through the inbox', timeoutMs: 30_000 },
    );
    const counters = await dataSource.query<Array<{ pathway: string; n: number }>>(
      `SELECT pathway, n FROM pathway_counter WHERE pathway = ANY($1) ORDER BY pathway COLLATE "C"`,
      [pathways],
    );
    expect(counters).toEqual([...pathways].sort().map((pathway) => ({ pathway, n: rounds * TOPICS.length })));
    expect(inFlight.samePathway).toBe(0);
    expect(inFlight.most).toBeGreaterThan(1);
  }, 60_000);

  it('after a crash with a transaction of several partitions in flight, the restarted consumer applies every event exactly once: what was applied but not committed comes again without a second effect', async () => {
    // given: twelve pathways, one produce request (one batch per partition), the third event of each pathway the crash point
    const run = randomUUID();
    const groupId = `messaging-test.concurrent-crash-${run}`;
    const consumerName = `messaging-test.concurrent-crash-${run.slice(0, 8)}`;
    const crashingApp = `messaging-test.crashing-${run.slice(0, 8)}`;
    const pathways = Array.from({ length: 12 }, () => randomUUID());
    const perPathway = eventsOf(run, pathways, 5);
    const isCrashPoint = (event: EventEnvelope) => (event.data as { n?: number }).n === 2;
    let killProcess!: () => void;
    const processGone = new Promise<never>((_, reject) => {
      killProcess = () => reject(new Error('process gone'));
    });
    processGone.catch(() => undefined);
    // The first consumer fails once at each crash point; the retry of it then hangs, as a process that died there.
    const failedOnce = new Set<string>();
    let hanging = 0;
    const crashing = consumer(
      {
        groupId,
        consumerName,
        dataSource: await database.dataSource(crashingApp),
        partitionsConsumedConcurrently: 3,
        handle: async (event, manager) => {
          if (runOf(event) !== run) return;
          await apply(manager, event);
          if (!isCrashPoint(event)) return;
          if (!failedOnce.has(event.id)) {
            failedOnce.add(event.id);
            throw new Error('registry briefly unavailable');
          }
          hanging += 1;
          await processGone;
        },
      },
      false,
    );
    const restartedCalls: string[] = [];
    try {
      await startCaughtUp(crashing, groupId);
      await produce(perPathway.flat());
      // Three batches hang at once: each after the events before its crash point were committed in their own transaction.
      await waitFor(async () => hanging >= 3, {
        description: 'three partitions in flight at the crash',
        timeoutMs: 45_000,
      });
      // when: the process dies (its open transactions roll back) and a new one starts in the same group
      await dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [
        crashingApp,
      ]);
      const appliedBeforeCrash = (await appliedRows(run)).map((r) => r.event_id);
      const committedAtCrash = await committedOffsets(groupId);
      await consumer({
        groupId,
        consumerName,
        partitionsConsumedConcurrently: 3,
        handle: async (event, manager) => {
          if (runOf(event) !== run) return;
          restartedCalls.push(event.id);
          await apply(manager, event);
        },
      }).start();
      // then
      await waitFor(async () => (await appliedRows(run)).length >= perPathway.flat().length, {
        description: 'every event applied after the restart',
        timeoutMs: 60_000,
      });
      await waitFor(() => committedToEnd(groupId), { description: 'offsets committed to the end', timeoutMs: 15_000 });
      await expectAppliedOnceInOrder(run, perPathway);
      // Applied before the crash with offsets not yet committed: redelivered, yet not handled again.
      const positions = await dataSource.query<
        Array<{ event_id: string; topic: string; partition: number; offset: string }>
      >(`SELECT event_id, topic, partition, "offset" FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])`, [
        consumerName,
        appliedBeforeCrash,
      ]);
      const redelivered = positions.filter(
        (p) => BigInt(p.offset) >= (committedAtCrash.get(`${p.topic}/${p.partition}`) ?? 0n),
      );
      expect(redelivered.length).toBeGreaterThan(0);
      expect(restartedCalls.filter((id) => appliedBeforeCrash.includes(id))).toEqual([]);
    } finally {
      const stopping = crashing.stop();
      killProcess();
      await stopping;
    }
  }, 120_000);
});
