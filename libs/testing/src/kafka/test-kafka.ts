import { DevBrokerControl, loadTopicPlan, readDevBrokerState, startDevBroker } from '@ketenpad/dev-broker';
import { currentSelection, selectKafkaSource, type KafkaSource, type SelectionInput } from '../infrastructure.selection';

/** Kafka for one test run, whichever kind {@link selectKafkaSource} picked. */
export interface TestKafka {
  readonly source: KafkaSource;
  /** Bootstrap addresses as kafkajs takes them. */
  readonly brokers: string[];
  /** Fault-injection endpoint; only the dev broker has one. */
  readonly controlUrl?: string;
  /** Stops what was started; a no-op for an external Kafka. */
  stop(): Promise<void>;
}

/** Env var names the harness hands to test workers. */
export const KAFKA_BROKERS_ENV = 'KAFKA_BROKERS';
export const DEV_BROKER_CONTROL_URL_ENV = 'DEV_BROKER_CONTROL_URL';

// cp-kafka 7.x runs KRaft, so no ZooKeeper container is needed.
const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.0';
const KAFKA_CONTAINER_PORT = 9093;

export async function startTestKafka(input: SelectionInput = currentSelection()): Promise<TestKafka> {
  const source = selectKafkaSource(input);
  if (source === 'external') {
    const brokers = splitBrokers(input.env.KAFKA_BROKERS ?? '');
    return { source, brokers, controlUrl: input.env.DEV_BROKER_CONTROL_URL ?? runningDevBrokerControlUrl(brokers), stop: async () => undefined };
  }
  if (source === 'testcontainers') return startKafkaContainer();
  const broker = await startDevBroker();
  return { source, brokers: broker.brokers, controlUrl: broker.controlUrl, stop: () => broker.stop() };
}

async function startKafkaContainer(): Promise<TestKafka> {
  // Loaded lazily: most runs never touch Docker and the module is heavy.
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { Kafka, logLevel } = await import('kafkajs');
  const container = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
  const brokers = [`${container.getHost()}:${container.getMappedPort(KAFKA_CONTAINER_PORT)}`];
  // Services never create topics at run time; provision them as the dev broker does.
  const admin = new Kafka({ clientId: 'ketenpad-test-harness', brokers, logLevel: logLevel.WARN }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: loadTopicPlan().map((topic) => ({ topic: topic.name, numPartitions: topic.partitions, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
  return {
    source: 'testcontainers',
    brokers,
    stop: async () => {
      await container.stop();
    },
  };
}

/** Bootstrap addresses of this run's Kafka, from `KAFKA_BROKERS`. */
export function kafkaBrokers(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env[KAFKA_BROKERS_ENV];
  if (!raw?.trim()) {
    throw new Error(`${KAFKA_BROKERS_ENV} is not set: add the @ketenpad/testing globalSetup to this project's jest.config.js`);
  }
  return splitBrokers(raw);
}

/** Control client of this run's dev broker; throws when Kafka is not the dev broker. */
export function devBrokerControl(env: NodeJS.ProcessEnv = process.env): DevBrokerControl {
  const url = env[DEV_BROKER_CONTROL_URL_ENV];
  if (!url) {
    throw new Error(
      `${DEV_BROKER_CONTROL_URL_ENV} is not set: fault injection needs the dev broker (started by the @ketenpad/testing globalSetup, or by npm start)`,
    );
  }
  return new DevBrokerControl(url);
}

/** When KAFKA_BROKERS points at `npm start`'s dev broker, its state file tells where its control endpoint is. */
function runningDevBrokerControlUrl(brokers: string[]): string | undefined {
  const running = readDevBrokerState();
  return running && running.brokers.join(',') === brokers.join(',') ? running.controlUrl : undefined;
}

function splitBrokers(raw: string): string[] {
  return raw
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean);
}
