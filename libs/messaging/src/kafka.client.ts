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
