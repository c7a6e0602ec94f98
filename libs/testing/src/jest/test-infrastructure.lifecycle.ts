import { startPostgresContainer } from '../database/test-database';
import { currentSelection, selectDatabaseSource, type SelectionInput } from '../infrastructure.selection';
import { DEV_BROKER_CONTROL_URL_ENV, KAFKA_BROKERS_ENV, startTestKafka } from '../kafka/test-kafka';

/** What the global setup started; lives in jest's main process until teardown. */
interface RunningInfrastructure {
  /** Env vars this setup set, so teardown can unset them (watch mode reruns setup). */
  readonly envKeys: string[];
  stop(): Promise<void>;
}

const RUNNING = Symbol.for('ketenpad.testing.infrastructure');
const registry = globalThis as { [RUNNING]?: RunningInfrastructure };

/**
 * Jest globalSetup: starts ONE Kafka (dev broker unless `KAFKA_BROKERS` is set
 * or containers are selected) and, with containers, one PostgreSQL, and hands
 * their addresses to test workers through env vars, which workers inherit.
 */
export async function setupTestInfrastructure(input: SelectionInput = currentSelection()): Promise<void> {
  if (registry[RUNNING]) return;
  const envKeys: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  const setEnv = (key: string, value: string): void => {
    process.env[key] = value;
    envKeys.push(key);
  };

  const kafka = await startTestKafka(input);
  stops.push(() => kafka.stop());
  if (kafka.source !== 'external') setEnv(KAFKA_BROKERS_ENV, kafka.brokers.join(','));
  if (kafka.controlUrl && !process.env[DEV_BROKER_CONTROL_URL_ENV]) setEnv(DEV_BROKER_CONTROL_URL_ENV, kafka.controlUrl);

  if (selectDatabaseSource(input) === 'testcontainers') {
    try {
      const postgres = await startPostgresContainer();
      stops.push(() => postgres.stop());
      setEnv('DATABASE_URL', postgres.url);
    } catch (error) {
      await kafka.stop();
      throw error;
    }
  }

  registry[RUNNING] = {
    envKeys,
    stop: async () => {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}

/** Jest globalTeardown: stops what {@link setupTestInfrastructure} started. */
export async function teardownTestInfrastructure(): Promise<void> {
  const running = registry[RUNNING];
  if (!running) return;
  registry[RUNNING] = undefined;
  for (const key of running.envKeys) delete process.env[key];
  await running.stop();
}
