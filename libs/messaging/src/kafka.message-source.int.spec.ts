import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests use the one test harness (type:testing)
import { waitFor } from '@ketenpad/testing';
import { kafkaClient } from '../test/messaging.fixture';
import { KafkaMessageBus } from './kafka.message-bus';
import { KafkaMessageSource } from './kafka.message-source';
import type { IncomingMessage } from './message-bus.port';

// Topics no other messaging spec writes to.
const TOPIC = 'court-liaison.events.v1';
const OTHER_TOPIC = 'social-work.events.v1';

function message(topic: string, key: string, n: number) {
  return { topic, key, value: Buffer.from(JSON.stringify({ n })), headers: { id: randomUUID() } };
}

describe('KafkaMessageSource', () => {
  let producer: KafkaMessageBus;
  const sources: KafkaMessageSource[] = [];

  beforeAll(() => {
    producer = new KafkaMessageBus(kafkaClient('messaging-test.source-producer'));
  });

  afterAll(async () => {
    for (const source of sources) await source.stop();
    await producer.disconnect();
  });

  function source(options: { topics: readonly string[]; partitionsConsumedConcurrently?: number }) {
    const groupId = `messaging-test.source-${randomUUID()}`;
    const created = new KafkaMessageSource(kafkaClient(groupId), {
      groupId,
      fromBeginning: true,
      sessionTimeoutMs: 6_000,
      ...options,
    });
    sources.push(created);
    return created;
  }

  it('delivers a message produced while the consumer waits for data within a fraction of the fetch wait it used to have (500 ms)', async () => {
    // given: a consumer that has caught up and is waiting for data
    const key = `latency-${randomUUID()}`;
    const arrivals = new Map<number, number>();
    await source({ topics: [TOPIC] }).run(async (batch, control) => {
      for (const m of batch.messages) {
        if (m.key === key) arrivals.set(JSON.parse(m.value!.toString()).n as number, performance.now());
        control.resolveOffset(m.offset);
      }
      await control.commit();
    });
    await producer.publish([message(TOPIC, key, 0)]);
    await waitFor(async () => arrivals.has(0), { timeoutMs: 30_000, description: 'the consumer to join and catch up' });
    // when: messages arrive one at a time, each at a random moment of the consumer's wait
    const delays: number[] = [];
    for (let n = 1; n <= 10; n++) {
      await sleep(50 + Math.random() * 250);
      const sent = performance.now();
      await producer.publish([message(TOPIC, key, n)]);
      await waitFor(async () => arrivals.has(n), { timeoutMs: 10_000, intervalMs: 1, description: `message ${n}` });
      delays.push(arrivals.get(n)! - sent);
    }
    // then
    const median = [...delays].sort((a, b) => a - b)[5]!;
    expect(median).toBeLessThan(100);
  });

  it('handles partitions concurrently while batches with a common key, also from two topics, run one after the other and in order', async () => {
    // given: one key on both topics, and keys of their own on other partitions
    const run = randomUUID();
    const shared = `shared-${run}`;
    const keys = [shared, ...Array.from({ length: 6 }, (_, i) => `own-${i}-${run}`)];
    const running = new Map<string, number>();
    let concurrent = 0;
    let mostConcurrent = 0;
    let sharedOverlaps = 0;
    const seen = new Map<string, number[]>();
    const wanted = (m: IncomingMessage) => m.key !== null && keys.includes(m.key);
    await source({ topics: [TOPIC, OTHER_TOPIC], partitionsConsumedConcurrently: 4 }).run(async (batch, control) => {
      const mine = batch.messages.filter(wanted);
      if (mine.length > 0) {
        concurrent += 1;
        mostConcurrent = Math.max(mostConcurrent, concurrent);
        const batchKeys = new Set(mine.map((m) => m.key!));
        for (const key of batchKeys) {
          if ((running.get(key) ?? 0) > 0) sharedOverlaps += 1;
          running.set(key, (running.get(key) ?? 0) + 1);
        }
        for (const m of mine) {
          const stream = `${m.topic}/${m.key}`;
          seen.set(stream, [...(seen.get(stream) ?? []), JSON.parse(m.value!.toString()).n as number]);
        }
        // Long enough for the other workers to start their batches meanwhile.
        await sleep(40);
        for (const key of batchKeys) running.set(key, running.get(key)! - 1);
        concurrent -= 1;
      }
      for (const m of batch.messages) control.resolveOffset(m.offset);
      await control.commit();
    });
    // when: every key gets five messages per topic, one produce request each, so batches stay small
    for (let n = 0; n < 5; n++)
      await producer.publish(keys.flatMap((key) => [message(TOPIC, key, n), message(OTHER_TOPIC, key, n)]));
    // then
    await waitFor(async () => [...seen.values()].reduce((sum, ns) => sum + ns.length, 0) === keys.length * 2 * 5, {
      timeoutMs: 60_000,
      description: 'every message',
    });
    expect(mostConcurrent).toBeGreaterThan(1);
    expect(sharedOverlaps).toBe(0);
    for (const ns of seen.values()) expect(ns).toEqual([0, 1, 2, 3, 4]);
  });
});
