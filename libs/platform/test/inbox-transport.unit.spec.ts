import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { EventSerializer } from '@ketenpad/messaging';
import { JsonLogger } from '@ketenpad/runtime';
import { ANY_EVENT, ANY_EVENT_BATCH, InboxTransport } from '../src';

function transportWith(patterns: readonly string[]): InboxTransport {
  const transport = new InboxTransport({
    consumerName: 'platform-test.batch',
    topics: ['gp.events.v1'],
    kafka: {} as Kafka,
    dataSource: {} as DataSource,
    serializer: {} as EventSerializer,
    logger: new JsonLogger('platform-test', undefined, 'error', () => undefined),
  });
  for (const pattern of patterns) transport.addHandler(pattern, () => Promise.resolve());
  return transport;
}

function listen(transport: InboxTransport): Promise<unknown> {
  return new Promise((resolve) => transport.listen((error) => resolve(error)));
}

describe('the inbox transport with a batch handler', () => {
  it('refuses to start a batch handler without a per-event fallback handler', async () => {
    // when
    const error = await listen(transportWith([ANY_EVENT_BATCH]));

    // then
    expect(String(error)).toMatch(/needs an \* handler beside it/);
  });

  it('refuses a batch handler beside type-specific handlers, which the batch would bypass', async () => {
    // when
    const error = await listen(transportWith([ANY_EVENT_BATCH, ANY_EVENT, 'nl.ketenpad.gp.referral-made.v1']));

    // then
    expect(String(error)).toMatch(/found: nl\.ketenpad\.gp\.referral-made\.v1/);
  });
});
