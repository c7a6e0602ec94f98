import { DEFAULT_TOPICS, parseDeadLetterPolicy, parseTopicCatalogue, withDeadLetterTopics } from './topic.plan';

describe('topic plan', () => {
  it('reads the catalogue from a { topics } document and from a top-level array alike', () => {
    // given the same topic in both shapes
    const entry = { name: 'gp.events.v1', partitions: 6, description: 'ignored' };
    // when parsing / then both give the same plan
    expect(parseTopicCatalogue({ topics: [entry] })).toEqual([{ name: 'gp.events.v1', partitions: 6 }]);
    expect(parseTopicCatalogue([entry])).toEqual([{ name: 'gp.events.v1', partitions: 6 }]);
  });

  it('rejects a catalogue entry without a positive partition count', () => {
    expect(() => parseTopicCatalogue({ topics: [{ name: 'gp.events.v1', partitions: 0 }] }, 'topics.json')).toThrow(
      'topics.json: topics[0].partitions must be a positive integer',
    );
    expect(() => parseTopicCatalogue({ nope: [] })).toThrow(/expected an array/);
  });

  it('adds a one-partition .dlq companion for every topic, keeping an explicitly declared one', () => {
    // given one topic with a declared dlq and one without
    const plan = withDeadLetterTopics([
      { name: 'a.events.v1', partitions: 6 },
      { name: 'b.events.v1', partitions: 3 },
      { name: 'b.events.v1.dlq', partitions: 2 },
    ]);
    // then
    expect(plan).toEqual([
      { name: 'a.events.v1', partitions: 6 },
      { name: 'a.events.v1.dlq', partitions: 1 },
      { name: 'b.events.v1', partitions: 3 },
      { name: 'b.events.v1.dlq', partitions: 2 },
    ]);
  });

  it('defaults to the six service topics when there is no catalogue yet', () => {
    expect(withDeadLetterTopics(DEFAULT_TOPICS)).toHaveLength(12);
  });

  it('derives dead-letter topics with the suffix and partition count the catalogue declares', () => {
    // given a catalogue with its own dead-letter policy
    const document = { dlq: { suffix: '.dead', partitions: 2 }, topics: [{ name: 'gp.events.v1', partitions: 6 }] };
    // when planning
    const plan = withDeadLetterTopics(parseTopicCatalogue(document), parseDeadLetterPolicy(document));
    // then
    expect(plan).toEqual([
      { name: 'gp.events.v1', partitions: 6 },
      { name: 'gp.events.v1.dead', partitions: 2 },
    ]);
  });

  it('uses .dlq with one partition when the catalogue declares no policy', () => {
    expect(parseDeadLetterPolicy({ topics: [] })).toEqual({ suffix: '.dlq', partitions: 1 });
    expect(parseDeadLetterPolicy([])).toEqual({ suffix: '.dlq', partitions: 1 });
    expect(() => parseDeadLetterPolicy({ dlq: { partitions: 'one' } }, 'topics.json')).toThrow('topics.json: dlq.partitions must be a positive integer');
  });
});
