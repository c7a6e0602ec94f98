import { JsonLogger } from '@ketenpad/runtime';
import { startControlServer } from './control.server';
import { readDevBrokerState, removeDevBrokerState, stateFilePath, writeDevBrokerState, type DevBrokerReady } from './dev-broker.state';
import { MockCluster } from './mock-cluster';
import { loadTopicPlan, type TopicSpec } from './topic.plan';

export interface RunDevBrokerOptions {
  /** Control endpoint port; 0 picks a free one. */
  readonly controlPort?: number;
  /** Number of mock brokers; default 1. */
  readonly brokers?: number;
  /** Topics to create; default: `contracts/topics.json` plus `.dlq` companions. */
  readonly topics?: readonly TopicSpec[];
  readonly logger?: JsonLogger;
}

export interface RunningDevBroker {
  readonly ready: DevBrokerReady;
  readonly cluster: MockCluster;
  close(): Promise<void>;
}

/** Starts the mock cluster, creates every topic, then opens the control endpoint. */
export async function runDevBroker(options: RunDevBrokerOptions = {}): Promise<RunningDevBroker> {
  const topics = options.topics ?? loadTopicPlan();
  const cluster = MockCluster.create({ brokers: options.brokers ?? 1 });
  try {
    for (const topic of topics) cluster.createTopic(topic.name, topic.partitions);
    const control = await startControlServer(cluster, { port: options.controlPort ?? 0, logger: options.logger });
    const ready: DevBrokerReady = {
      event: 'dev-broker-ready',
      bootstrap: cluster.bootstrap,
      controlUrl: control.url,
      brokers: cluster.brokerAddresses,
      pid: process.pid,
    };
    return {
      ready,
      cluster,
      close: async () => {
        await control.close();
        cluster.destroy();
      },
    };
  } catch (error) {
    cluster.destroy();
    throw error;
  }
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`DEV_BROKER_CONTROL_PORT must be a port number, got "${raw}"`);
  return port;
}

/**
 * Process entry point (bin/dev-broker.js). Runs until SIGINT/SIGTERM, or
 * until stdin closes when DEV_BROKER_EXIT_WITH_STDIN=1, so a broker spawned
 * by a test run dies with its parent instead of lingering.
 */
export async function main(): Promise<void> {
  const logger = new JsonLogger('dev-broker');
  const stateFile = stateFilePath();
  const running = readDevBrokerState(stateFile);
  if (running && running.pid !== process.pid) {
    throw new Error(`a dev broker is already running (pid ${running.pid}, bootstrap ${running.bootstrap}); its state file is ${stateFile}`);
  }
  const broker = await runDevBroker({
    controlPort: parsePort(process.env.DEV_BROKER_CONTROL_PORT),
    brokers: process.env.DEV_BROKER_BROKERS ? Number(process.env.DEV_BROKER_BROKERS) : 1,
    logger,
  });

  let stopping = false;
  const stop = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('dev broker stopping', { reason });
    removeDevBrokerState(stateFile);
    broker.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('dev broker did not stop cleanly', { err: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  if (process.env.DEV_BROKER_EXIT_WITH_STDIN === '1') {
    process.stdin.once('end', () => stop('parent closed stdin'));
    process.stdin.once('error', () => stop('parent closed stdin'));
    process.stdin.resume();
  }

  // Handlers are in place before anyone learns the broker is ready: a parent
  // that stops it right after the ready line must not hit the default SIGTERM.
  writeDevBrokerState(stateFile, broker.ready);
  process.stdout.write(JSON.stringify(broker.ready) + '\n');
  logger.info('dev broker ready', { stateFile, topics: broker.cluster.topicList().length });
}
