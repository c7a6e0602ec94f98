import { Module } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { EventSerializer } from '@ketenpad/messaging';
import { ConfigError, JsonLogger } from '@ketenpad/runtime';
import {
  ANY_EVENT,
  InboxTransport,
  PARTITIONS_CONSUMED_CONCURRENTLY_ENV,
  inboxPartitionsConsumedConcurrently,
  startService,
} from '../src';

const subscription = { consumerName: 'timeline.projection' };

describe('partitions an inbox consumes at the same time', () => {
  it('takes the value of the subscription before the platform-wide default', () => {
    // when
    const value = inboxPartitionsConsumedConcurrently(
      { ...subscription, partitionsConsumedConcurrently: 2 },
      { [PARTITIONS_CONSUMED_CONCURRENTLY_ENV]: '6' },
    );

    // then
    expect(value).toBe(2);
  });

  it('defaults to KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY, and to one partition at a time without it', () => {
    expect(inboxPartitionsConsumedConcurrently(subscription, { [PARTITIONS_CONSUMED_CONCURRENTLY_ENV]: '6' })).toBe(6);
    expect(inboxPartitionsConsumedConcurrently(subscription, { [PARTITIONS_CONSUMED_CONCURRENTLY_ENV]: ' 3 ' })).toBe(
      3,
    );
    expect(inboxPartitionsConsumedConcurrently(subscription, {})).toBe(1);
    expect(inboxPartitionsConsumedConcurrently(subscription, { [PARTITIONS_CONSUMED_CONCURRENTLY_ENV]: '' })).toBe(1);
  });

  it('refuses an environment value that is not a positive whole number, naming the variable and the value', () => {
    for (const raw of ['0', '-1', '1.5', 'six', '6x', '0x6', '1e3'])
      expect(() =>
        inboxPartitionsConsumedConcurrently(subscription, { [PARTITIONS_CONSUMED_CONCURRENTLY_ENV]: raw }),
      ).toThrow(
        new ConfigError(
          `KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY must be a whole number of at least 1 (partitions an inbox consumes at the same time), not "${raw}"`,
        ),
      );
  });

  it('refuses a subscription value that is not a positive whole number, naming the subscription', () => {
    for (const partitionsConsumedConcurrently of [0, -2, 2.5, Number.NaN])
      expect(() =>
        inboxPartitionsConsumedConcurrently({ ...subscription, partitionsConsumedConcurrently }, {}),
      ).toThrow(
        /^Inbox subscription timeline\.projection: partitionsConsumedConcurrently must be a whole number of at least 1/,
      );
  });

  it('stops the start-up of a service on an invalid KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY before anything starts', async () => {
    // given
    @Module({})
    class EmptyModule {}
    const previous = process.env[PARTITIONS_CONSUMED_CONCURRENTLY_ENV];
    process.env[PARTITIONS_CONSUMED_CONCURRENTLY_ENV] = 'lots';
    try {
      // when
      const starting = startService({
        service: 'timeline',
        title: 'test',
        description: 'test',
        rootModule: EmptyModule,
        inbox: { consumerName: 'timeline.projection', topics: ['gp.events.v1'] },
        logger: new JsonLogger('platform-test', undefined, 'error', () => undefined),
      });

      // then
      await expect(starting).rejects.toThrow(/^KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY must be a whole number/);
    } finally {
      if (previous === undefined) delete process.env[PARTITIONS_CONSUMED_CONCURRENTLY_ENV];
      else process.env[PARTITIONS_CONSUMED_CONCURRENTLY_ENV] = previous;
    }
  });

  it('hands the value to the consumer: the transport fails to start with one the message source refuses', async () => {
    // given
    const transport = new InboxTransport({
      consumerName: 'platform-test.concurrency',
      topics: ['gp.events.v1'],
      kafka: {} as Kafka,
      dataSource: {} as DataSource,
      serializer: {} as EventSerializer,
      logger: new JsonLogger('platform-test', undefined, 'error', () => undefined),
      partitionsConsumedConcurrently: 0,
    });
    transport.addHandler(ANY_EVENT, () => Promise.resolve());

    // when
    const error = await new Promise((resolve) => transport.listen(resolve));

    // then
    expect(String(error)).toMatch(/partitionsConsumedConcurrently must be a positive integer, got 0/);
  });
});
