import { provisionedTopics, type ProvisionedTopic } from '@ketenpad/contracts';
import { ConfigResourceTypes, ConfigSource, type DescribeConfigResponse } from 'kafkajs';
import { provisionTopics, topicConfigs, type TopicAdmin } from './provision-topics.command';

const DAY_MS = 86_400_000;

/** A kafkajs admin stand-in: topics that exist with their topic-level configs, and what was asked of it. */
function fakeAdmin(existing: Record<string, Record<string, string>>) {
  const calls = { created: [] as unknown[], altered: [] as unknown[] };
  const admin: TopicAdmin = {
    listTopics: async () => Object.keys(existing),
    createTopics: async (request) => {
      calls.created.push(...request.topics);
      return true;
    },
    describeConfigs: async (request): Promise<DescribeConfigResponse> => ({
      throttleTime: 0,
      resources: request.resources.map((r) => ({
        resourceName: r.name,
        resourceType: ConfigResourceTypes.TOPIC,
        errorCode: 0,
        errorMessage: null as unknown as string,
        configEntries: [
          ...Object.entries(existing[r.name] ?? {}).map(([configName, configValue]) => ({
            configName,
            configValue,
            isDefault: false,
            configSource: ConfigSource.TOPIC_CONFIG,
            isSensitive: false,
            readOnly: false,
            configSynonyms: [],
          })),
          {
            configName: 'segment.ms',
            configValue: '604800000',
            isDefault: true,
            configSource: ConfigSource.DEFAULT_CONFIG,
            isSensitive: false,
            readOnly: false,
            configSynonyms: [],
          },
        ],
      })),
    }),
    alterConfigs: async (request) => {
      calls.altered.push(...request.resources);
      return undefined;
    },
  };
  return { admin, calls };
}

describe('provision-topics', () => {
  it('creates every catalogue topic with its retention.ms: chain topics 30 days, alerts 7, dead letters 14', () => {
    // when
    const configs = topicConfigs(provisionedTopics(), 3);

    // then
    const retention = Object.fromEntries(
      configs.map((c) => [c.topic, c.configEntries?.find((e) => e.name === 'retention.ms')?.value]),
    );
    expect(retention['municipality.events.v1']).toBe(String(30 * DAY_MS));
    expect(retention['gp.events.v1']).toBe(String(30 * DAY_MS));
    expect(retention['timeline.events.v1']).toBe(String(7 * DAY_MS));
    expect(retention['municipality.events.v1.dlq']).toBe(String(14 * DAY_MS));
    expect(configs).toHaveLength(12);
    expect(configs.every((c) => c.replicationFactor === 3 && c.configEntries?.length === 1)).toBe(true);
    expect(configs.find((c) => c.topic === 'social-work.events.v1')).toEqual({
      topic: 'social-work.events.v1',
      numPartitions: 6,
      replicationFactor: 3,
      configEntries: [{ name: 'retention.ms', value: '2592000000' }],
    });
  });

  it('creates the missing topics and sets retention.ms on existing ones kept without it, keeping their other overrides', async () => {
    // given a cluster provisioned before retention was declared, and one topic already right
    const topics: ProvisionedTopic[] = [
      { name: 'a.events.v1', partitions: 6, deadLetter: false, retentionMs: 30 * DAY_MS },
      { name: 'b.events.v1', partitions: 6, deadLetter: false, retentionMs: 30 * DAY_MS },
      { name: 'b.events.v1.dlq', partitions: 1, deadLetter: true, retentionMs: 14 * DAY_MS },
      { name: 'c.events.v1', partitions: 3, deadLetter: false, retentionMs: 7 * DAY_MS },
    ];
    const { admin, calls } = fakeAdmin({
      'b.events.v1': { 'min.insync.replicas': '2' },
      'b.events.v1.dlq': { 'retention.ms': '-1' },
      'c.events.v1': { 'retention.ms': String(7 * DAY_MS) },
    });

    // when
    const result = await provisionTopics(admin, 1, topics);

    // then
    expect(result).toEqual({
      created: ['a.events.v1'],
      retentionSet: ['b.events.v1', 'b.events.v1.dlq'],
      unchanged: ['c.events.v1'],
    });
    expect(calls.created).toEqual([
      {
        topic: 'a.events.v1',
        numPartitions: 6,
        replicationFactor: 1,
        configEntries: [{ name: 'retention.ms', value: String(30 * DAY_MS) }],
      },
    ]);
    expect(calls.altered).toEqual([
      {
        type: ConfigResourceTypes.TOPIC,
        name: 'b.events.v1',
        configEntries: [
          { name: 'min.insync.replicas', value: '2' },
          { name: 'retention.ms', value: String(30 * DAY_MS) },
        ],
      },
      {
        type: ConfigResourceTypes.TOPIC,
        name: 'b.events.v1.dlq',
        configEntries: [{ name: 'retention.ms', value: String(14 * DAY_MS) }],
      },
    ]);
  });
});
