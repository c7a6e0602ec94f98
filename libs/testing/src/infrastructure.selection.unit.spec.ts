import { selectDatabaseSource, selectKafkaSource } from './infrastructure.selection';

describe('infrastructure selection', () => {
  it('reuses a Kafka named in KAFKA_BROKERS and starts nothing, even when containers are asked for', () => {
    expect(selectKafkaSource({ env: { KAFKA_BROKERS: 'localhost:9092', KETENPAD_TESTCONTAINERS: '1' }, dockerAvailable: true })).toBe('external');
  });

  it('starts a Kafka container only when Docker is available and KETENPAD_TESTCONTAINERS=1', () => {
    expect(selectKafkaSource({ env: { KETENPAD_TESTCONTAINERS: '1' }, dockerAvailable: true })).toBe('testcontainers');
    expect(selectKafkaSource({ env: { KETENPAD_TESTCONTAINERS: '1' }, dockerAvailable: false })).toBe('dev-broker');
    expect(selectKafkaSource({ env: {}, dockerAvailable: true })).toBe('dev-broker');
    expect(selectKafkaSource({ env: { KAFKA_BROKERS: '  ' }, dockerAvailable: false })).toBe('dev-broker');
  });

  it('uses DATABASE_URL when set and a PostgreSQL container only when Docker is available and asked for', () => {
    expect(selectDatabaseSource({ env: { DATABASE_URL: 'postgres://db/x', KETENPAD_TESTCONTAINERS: '1' }, dockerAvailable: true })).toBe('server');
    expect(selectDatabaseSource({ env: { KETENPAD_TESTCONTAINERS: '1' }, dockerAvailable: true })).toBe('testcontainers');
    expect(selectDatabaseSource({ env: { KETENPAD_TESTCONTAINERS: '1' }, dockerAvailable: false })).toBe('server');
    expect(selectDatabaseSource({ env: {}, dockerAvailable: true })).toBe('server');
  });
});
