import { DLQ_HEADERS, deadLetterTopic, toDeadLetter } from './dead-letter.message';
import type { IncomingMessage } from './message-bus.port';

const message: IncomingMessage = {
  topic: 'gp.events.v1',
  partition: 3,
  offset: '42',
  key: 'pathway-1',
  value: Buffer.from('{"secret":"payload"}'),
  headers: { id: 'e-1', 'x-correlation-id': 'c-1' },
};

describe('toDeadLetter', () => {
  it('keeps key, value and headers and adds the origin, error, attempts and consumer headers', () => {
    // when
    const dead = toDeadLetter(message, { error: new TypeError('boom'), attempts: 5, consumer: 'timeline.projection' });
    // then
    expect(dead.topic).toBe('gp.events.v1.dlq');
    expect(dead.key).toBe('pathway-1');
    expect(dead.value.equals(message.value!)).toBe(true);
    expect(dead.headers).toEqual({
      id: 'e-1',
      'x-correlation-id': 'c-1',
      [DLQ_HEADERS.originTopic]: 'gp.events.v1',
      [DLQ_HEADERS.originPartition]: '3',
      [DLQ_HEADERS.originOffset]: '42',
      [DLQ_HEADERS.error]: 'TypeError: boom',
      [DLQ_HEADERS.attempts]: '5',
      [DLQ_HEADERS.consumer]: 'timeline.projection',
    });
  });

  it('adds the reason category when given', () => {
    // when
    const dead = toDeadLetter(message, { error: new Error('forged'), attempts: 1, consumer: 'c', kind: 'provenance' });
    // then
    expect(dead.headers[DLQ_HEADERS.reason]).toBe('provenance');
  });

  it('truncates long error messages so a header never carries a whole payload', () => {
    // when
    const dead = toDeadLetter(message, { error: new Error('x'.repeat(10_000)), attempts: 1, consumer: 'c' });
    // then
    expect(dead.headers[DLQ_HEADERS.error]!.length).toBeLessThanOrEqual(300);
  });

  it('names the dead-letter topic after the origin topic', () => {
    expect(deadLetterTopic('municipality.events.v1')).toBe('municipality.events.v1.dlq');
  });
});
