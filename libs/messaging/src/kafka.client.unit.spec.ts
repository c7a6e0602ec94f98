import { brokerKindOf } from './kafka.client';

describe('brokerKindOf', () => {
  it('recognises the dev broker by the cluster id of librdkafka’s mock cluster', () => {
    // given
    const clusterId = 'mockCluster2e51e20';
    // when
    const kind = brokerKindOf(clusterId);
    // then
    expect(kind).toBe('dev-broker');
  });

  it('takes any other cluster id, or none, for a real Kafka', () => {
    // given
    const realKafka = 'MkU3OEVBNTcwNTJENDM2Qk';
    // when
    const kinds = [brokerKindOf(realKafka), brokerKindOf(null), brokerKindOf(undefined)];
    // then
    expect(kinds).toEqual(['kafka', 'kafka', 'kafka']);
  });
});
