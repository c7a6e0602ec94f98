import type { INestApplication, Type } from '@nestjs/common';
import { NestMicroservice } from '@nestjs/microservices';
import type { Kafka } from 'kafkajs';
import { EventCodec } from '@ketenpad/events';
import { OutboxSignal } from '@ketenpad/messaging';
import { loadAuthConfig } from '@ketenpad/auth';
import type { ServiceDatabase } from '@ketenpad/persistence';
import {
  applySecretFiles,
  checkSettings,
  createServiceApp,
  exitAfterFailedStart,
  JsonLogger,
  loadHttpConfig,
  loadServiceConfig,
  ServiceMetrics,
  type ServiceAppOptions,
  type ServiceConfig,
  type ServiceName,
} from '@ketenpad/runtime';
import {
  inboxPartitionsConsumedConcurrently,
  partitionCountFrom,
  PARTITIONS_CONSUMED_CONCURRENTLY_ENV,
} from './inbox.options';
import { InboxHandlerErrorFilter, InboxTransport } from './inbox.transport';
import { KAFKA_CLIENT, SERVICE_CONFIG, SERVICE_DATABASE } from './platform.tokens';

export interface InboxSubscription {
  /** Stable consumer name, also the consumer group id: `<service>.<purpose>`. */
  consumerName: string;
  topics: readonly string[];
  /** Where a new consumer group starts; default from the beginning (projections need all history). */
  fromBeginning?: boolean;
  /**
   * Partitions whose batches are handled at the same time, each in its own
   * inbox transaction; default `KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY`, else 1.
   * Batches that share a key (a pathway) still run one after the other, so a
   * pathway's events keep their order and never race each other. Raise it only
   * when the handlers write nothing that events of different pathways share
   * (counters, rows found through another id), outside row locks taken in one
   * order; keep it below the database pool size (10).
   */
  partitionsConsumedConcurrently?: number;
}

export interface StartServiceOptions extends ServiceAppOptions {
  rootModule: Type;
  /** Kafka subscriptions whose events go to the module's `@EventPattern` handlers. */
  inbox?: InboxSubscription;
  /** Port override (tests pass 0); default from the service configuration. */
  port?: number;
}

/**
 * Creates, wires and starts a service: HTTP app with the platform conventions,
 * its inbox consumer as a Nest microservice, then the HTTP listener. Used by
 * every service's `main.ts` and by the end-to-end tests, so both run the same code.
 */
export async function startService(options: StartServiceOptions): Promise<INestApplication> {
  // Checked first: a bad value stops start-up before anything connects.
  const partitionsConsumedConcurrently = options.inbox ? inboxPartitionsConsumedConcurrently(options.inbox) : undefined;
  const app = await createServiceApp(options.rootModule, options);
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  const logger = app.get(JsonLogger);
  // Lifecycle hooks (migrations done, relay started, projection prepared) run
  // before the first event is consumed; a hybrid app's microservice runs none itself.
  await app.init();
  if (options.inbox) {
    const metrics = app.get(ServiceMetrics);
    const lag = metrics.gauge('ketenpad_consumer_lag', 'Messages behind the end of the partition', [
      'topic',
      'partition',
    ]);
    const processed = metrics.counter(
      'ketenpad_consumer_processed_total',
      'Messages done with (applied, duplicate or dead-lettered)',
      ['consumer'],
    );
    const deadLettered = metrics.counter('ketenpad_dlq_messages_total', 'Messages sent to a dead-letter topic', [
      'topic',
      'reason',
    ]);
    const retries = metrics.counter(
      'ketenpad_consumer_retries_total',
      'Handler attempts that failed and were retried',
      ['topic'],
    );
    // Handlers append reactions to the outbox inside the inbox transaction: wake the relay once the batch committed.
    const outboxSignal = app.get(OutboxSignal);
    const inbox = app.connectMicroservice(
      {
        strategy: new InboxTransport({
          consumerName: options.inbox.consumerName,
          topics: options.inbox.topics,
          fromBeginning: options.inbox.fromBeginning ?? true,
          sessionTimeoutMs: config.kafkaSessionTimeoutMs,
          partitionsConsumedConcurrently,
          kafka: app.get<Kafka>(KAFKA_CLIENT),
          dataSource: app.get<ServiceDatabase>(SERVICE_DATABASE).dataSource,
          serializer: app.get(EventCodec),
          logger,
          metrics: {
            onProcessed: (count) => {
              processed.inc({ consumer: options.inbox!.consumerName }, count);
              outboxSignal.notify();
            },
            onDeadLettered: (topic, reason) => deadLettered.inc({ topic, reason }),
            onRetry: (topic) => retries.inc({ topic }),
            onLag: (topic, partition, value) => lag.set({ topic, partition: String(partition) }, value),
          },
        }),
      },
      // Deferred: Nest binds the handlers (and their exception filters) at once otherwise, before the filter below exists.
      { inheritAppConfig: false, deferInitialization: true },
    );
    inbox.useGlobalFilters(new InboxHandlerErrorFilter());
    // app.init() already ran every lifecycle hook; binding the deferred handlers must not run them again.
    if (inbox instanceof NestMicroservice) inbox.setIsInitHookCalled(true);
    await app.startAllMicroservices();
    logger.info('inbox consuming', {
      consumer: options.inbox.consumerName,
      topics: options.inbox.topics,
      partitionsConsumedConcurrently,
    });
  }
  await app.listen(options.port ?? config.port, config.host);
  logger.info('service listening', { url: await app.getUrl() });
  return app;
}

export interface RunServiceOptions {
  /**
   * Loaders of the service's own settings beyond the platform's (keys,
   * thresholds, …). Each runs once before anything starts, so that every
   * problem is reported together.
   */
  readonly settings?: readonly (() => unknown)[];
  /** Builds and starts the service (`startService`); runs only when every setting is valid. */
  readonly start: () => Promise<unknown>;
}

/**
 * The `main` of a service process: reads the secrets given as files
 * (`NAME_FILE`), checks every setting of the platform and of the service and
 * reports all problems in one message, then starts. A failed start ends the
 * process with exit code 1.
 */
export async function runService(service: ServiceName, options: RunServiceOptions): Promise<void> {
  try {
    checkSettings([
      () => applySecretFiles(process.env),
      () => loadServiceConfig(service),
      () => loadHttpConfig(),
      () => loadAuthConfig(),
      () => partitionCountFrom(process.env, PARTITIONS_CONSUMED_CONCURRENTLY_ENV, 1),
      ...(options.settings ?? []),
    ]);
    await options.start();
  } catch (error) {
    exitAfterFailedStart(service, error);
  }
}
