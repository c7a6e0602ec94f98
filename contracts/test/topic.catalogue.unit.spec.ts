import {
  DLQ_PARTITIONS,
  DLQ_RETENTION_MS,
  dlqTopicOf,
  MAX_RETENTION_MS,
  parseTopicsFile,
  provisionedTopics,
  topicOfEventType,
  topicOfProducer,
  topics,
} from '../src';

const DAY_MS = 86_400_000;

describe('topic catalogue', () => {
  it('lists one 6-partition topic per producing domain service and 3-partition topics for timeline and partner gateway', () => {
    // then
    expect(topics.map((t) => [t.name, t.partitions, t.producer])).toEqual([
      ['municipality.events.v1', 6, 'municipality'],
      ['social-work.events.v1', 6, 'social-work'],
      ['court-liaison.events.v1', 6, 'court-liaison'],
      ['gp.events.v1', 6, 'gp'],
      ['timeline.events.v1', 3, 'timeline'],
      ['partner-gateway.events.v1', 3, 'partner-gateway'],
    ]);
  });

  it('derives a one-partition dead-letter topic for every topic', () => {
    // when
    const dlqs = provisionedTopics().filter((t) => t.deadLetter);

    // then
    expect(dlqTopicOf('gp.events.v1')).toBe('gp.events.v1.dlq');
    expect(DLQ_PARTITIONS).toBe(1);
    expect(dlqs.map((t) => t.name)).toEqual(topics.map((t) => `${t.name}.dlq`));
    expect(dlqs.every((t) => t.partitions === 1)).toBe(true);
  });

  it('routes an event type to the topic of its producer by type prefix', () => {
    // then
    expect(topicOfEventType('nl.ketenpad.social-work.support-started.v1').name).toBe('social-work.events.v1');
    expect(topicOfProducer('court-liaison').name).toBe('court-liaison.events.v1');
    expect(() => topicOfEventType('nl.example.other.v1')).toThrow('No topic carries event type nl.example.other.v1');
  });

  it('keeps chain events 30 days, alerts and erasure confirmations 7 days and dead letters 14 days, never unlimited', () => {
    // then
    expect(topics.map((t) => [t.name, t.retentionMs / DAY_MS])).toEqual([
      ['municipality.events.v1', 30],
      ['social-work.events.v1', 30],
      ['court-liaison.events.v1', 30],
      ['gp.events.v1', 30],
      ['timeline.events.v1', 7],
      ['partner-gateway.events.v1', 7],
    ]);
    expect(DLQ_RETENTION_MS).toBe(14 * DAY_MS);
    expect(
      provisionedTopics()
        .filter((t) => t.deadLetter)
        .every((t) => t.retentionMs === 14 * DAY_MS),
    ).toBe(true);
    expect(provisionedTopics().every((t) => t.retentionMs > 0 && t.retentionMs <= MAX_RETENTION_MS)).toBe(true);
  });

  it('refuses a topic catalogue with a missing, unlimited or years-long retention', () => {
    // given
    const topic = {
      name: 'x.events.v1',
      partitions: 1,
      producer: 'x',
      eventTypePrefix: 'nl.ketenpad.x.',
      retentionMs: DAY_MS,
    };
    const file = (overrides: { topic?: object; dlq?: object }) => ({
      dlq: { suffix: '.dlq', partitions: 1, retentionMs: DAY_MS, ...overrides.dlq },
      topics: [{ ...topic, ...overrides.topic }],
    });

    // then
    expect(parseTopicsFile(file({})).topics[0]!.retentionMs).toBe(DAY_MS);
    expect(() => parseTopicsFile(file({ topic: { retentionMs: undefined } }))).toThrow(
      'x.events.v1.retentionMs must be',
    );
    expect(() => parseTopicsFile(file({ topic: { retentionMs: -1 } }))).toThrow('unlimited retention (-1) is refused');
    expect(() => parseTopicsFile(file({ topic: { retentionMs: 365 * DAY_MS } }))).toThrow('x.events.v1.retentionMs');
    expect(() => parseTopicsFile(file({ topic: { retentionMs: '2592000000' } }))).toThrow('x.events.v1.retentionMs');
    expect(() => parseTopicsFile(file({ dlq: { retentionMs: 0 } }))).toThrow('dlq.retentionMs must be');
    expect(() => parseTopicsFile(file({ topic: { partitions: 0 } }))).toThrow('x.events.v1.partitions');
    expect(() => parseTopicsFile({ topics: [] })).toThrow('expected');
  });
});
