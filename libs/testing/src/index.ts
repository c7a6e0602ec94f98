/*
 * @ketenpad/testing - the one test harness.
 *
 * Projects whose integration tests need Kafka add the global setup pair to
 * their jest.config.js (paths, not package names: jest loads these files
 * from source, before any build):
 *
 *   const path = require('node:path');
 *   module.exports = require('../../jest.preset')(__dirname, {
 *     globalSetup: path.join(__dirname, '../../libs/testing/src/jest/global-setup.ts'),
 *     globalTeardown: path.join(__dirname, '../../libs/testing/src/jest/global-teardown.ts'),
 *   });
 *
 * Tests then read `kafkaBrokers()` (env KAFKA_BROKERS) and inject faults with
 * `devBrokerControl()` (env DEV_BROKER_CONTROL_URL).
 */
export { waitFor, type WaitForOptions } from './wait-for';
export { createTestDatabase, testDatabaseServerUrl, uniqueDatabaseName, DEFAULT_DATABASE_URL, type TestDatabase } from './database/test-database';
export { startTestKafka, kafkaBrokers, devBrokerControl, KAFKA_BROKERS_ENV, DEV_BROKER_CONTROL_URL_ENV, type TestKafka } from './kafka/test-kafka';
export { setupTestInfrastructure, teardownTestInfrastructure } from './jest/test-infrastructure.lifecycle';
export {
  selectKafkaSource,
  selectDatabaseSource,
  isDockerAvailable,
  DOCKER_SOCKET,
  type KafkaSource,
  type DatabaseSource,
  type SelectionInput,
} from './infrastructure.selection';
