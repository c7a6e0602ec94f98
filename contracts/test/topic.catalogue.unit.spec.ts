import { DLQ_PARTITIONS, dlqTopicOf, provisionedTopics, topicOfEventType, topicOfProducer, topics } from '../src';

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
});
