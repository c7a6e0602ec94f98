import { Kafka, logLevel, type LogEntry, type RetryOptions } from 'kafkajs';
import type { JsonLogger } from '@ketenpad/runtime';

/**
 * Retries for broker outages: 300 ms doubling up to 5 s between attempts, 16
 * attempts, i.e. about a minute of retrying before an operation gives up. A
 * broker restart or a 10 s outage of the dev broker is absorbed without errors
 * reaching the caller; callers (relay, consumer) add their own backoff on top.
 */
export const BROKER_OUTAGE_RETRY: Readonly<RetryOptions> = {
  initialRetryTime: 300,
  maxRetryTime: 5_000,
  multiplier: 2,
  factor: 0.2,
  retries: 16,
};

/** How to reach the brokers. */
export interface KafkaClientOptions {
  /**
   * Explicit, stable client id, e.g. `municipality.outbox-relay`. Set it
   * yourself: Nest's implicit `-client`/`-server` suffixes make ids unstable.
   */
  readonly clientId: string;
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  /** Where kafkajs logs go: the service's one logger. */
  readonly logger: JsonLogger;
  /** Override the retry policy (tests of failure paths); defaults to {@link BROKER_OUTAGE_RETRY}. */
  readonly retry?: RetryOptions;
}

/**
 * What answers on the bootstrap address: the dev broker (librdkafka's mock
 * cluster, see infra/dev-broker) or a real Kafka. They differ where latency is
 * concerned: the mock does not answer a waiting fetch early when data arrives.
 */
export type BrokerKind = 'dev-broker' | 'kafka';

/** librdkafka's mock cluster reports the cluster id `mockCluster<hex>` (rdkafka_mock.c). */
export function brokerKindOf(clusterId: string | null | undefined): BrokerKind {
  return clusterId?.startsWith('mockCluster') ? 'dev-broker' : 'kafka';
}

const detected = new WeakMap<Kafka, Promise<BrokerKind>>();

/**
 * Asks the cluster for its id once per client (one metadata request on a
 * short-lived admin connection). When the cluster cannot be asked, it is taken
 * for a real Kafka: the defaults for that kind are the safe ones.
 */
export function detectBrokerKind(kafka: Kafka): Promise<BrokerKind> {
  let kind = detected.get(kafka);
  if (!kind) {
    kind = describeClusterId(kafka).then(brokerKindOf, () => 'kafka' as const);
    detected.set(kafka, kind);
  }
  return kind;
}

async function describeClusterId(kafka: Kafka): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect();
  }
}

/** Creates a kafkajs client whose logs go to the JSON logger. */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const logger = options.logger.child('kafkajs');
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { ...BROKER_OUTAGE_RETRY, ...options.retry },
    logLevel: logLevel.INFO,
    logCreator: () => (entry: LogEntry) => routeLog(logger, entry),
  });
}

function routeLog(logger: JsonLogger, { namespace, level, log }: LogEntry): void {
  // kafkajs never puts message payloads in its log entries; pass its fields on.
  const { message, timestamp: _timestamp, logger: _name, ...fields } = log as LogEntry['log'] & { logger?: string };
  const line = { ...fields, kafkaNamespace: namespace };
  if (level === logLevel.ERROR) logger.error(message, line);
  else if (level === logLevel.WARN) logger.warn(message, line);
  else if (level === logLevel.INFO) logger.info(message, line);
  else logger.debug(message, line);
}
