import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AuthModule, loadAuthConfig } from '@ketenpad/auth';
import { EventCodec } from '@ketenpad/events';
import { createKafkaClient, KafkaMessageBus, messagingMigrations, OutboxRelay, OutboxSignal, OutboxWriter } from '@ketenpad/messaging';
import { checkDatabase, createServiceDataSource, type EntityClass, type ServiceDatabase, type ServiceMigration } from '@ketenpad/persistence';
import { HealthRegistry, JsonLogger, loadServiceConfig, RuntimeModule, ServiceMetrics, type ServiceConfig, type ServiceName } from '@ketenpad/runtime';
import { AccessLog, accessLogMigrations } from './access-log';
import { KAFKA_CLIENT, SERVICE_CONFIG, SERVICE_DATABASE } from './platform.tokens';

export interface PlatformOptions {
  service: ServiceName;
  /** The service's TypeORM entities. */
  entities: readonly EntityClass[];
  /** The service's own migrations; the outbox/inbox tables are added by the platform. */
  migrations: readonly ServiceMigration[];
  /** Set for a producing service: its outbox is relayed to this topic's broker. */
  publishes?: { topic: string };
  /** Overrides for tests (ports, database name); default from the environment. */
  config?: Partial<ServiceConfig>;
  /** Database name override (tests use one database per test file). */
  databaseName?: string;
}

/**
 * Starts the outbox relay once the application is up and stops it first on
 * shutdown (it finishes the batch in flight); closes Kafka and the database last.
 */
@Injectable()
class PlatformLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(SERVICE_DATABASE) private readonly database: ServiceDatabase,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly bus: KafkaMessageBus,
    private readonly logger: JsonLogger,
    private readonly health: HealthRegistry,
    private readonly metrics: ServiceMetrics,
    private readonly relay?: OutboxRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.health.register('database', async () => ({ ...(await checkDatabase(this.database.dataSource)) }));
    this.health.register('kafka', () => this.checkKafka());
    if (this.relay) {
      const relay = this.relay;
      this.metrics.gauge('ketenpad_outbox_backlog', 'Outbox rows not yet acknowledged by the broker', [], async (g) => {
        g.set(await relay.backlog());
      });
      await relay.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.disconnect().catch((e: unknown) => this.logger.warn('kafka producer did not disconnect cleanly', e instanceof Error ? e : {}));
    await this.database.close();
  }

  private admin: ReturnType<Kafka['admin']> | undefined;

  /** Kafka is up when the cluster answers a metadata request (works on the dev broker too). */
  private async checkKafka(): Promise<{ status: 'up' | 'down'; latencyMs: number; error?: string }> {
    const started = Date.now();
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      const cluster = await this.admin.describeCluster();
      return { status: cluster.brokers.length > 0 ? 'up' : 'down', latencyMs: Date.now() - started };
    } catch (error) {
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
      return { status: 'down', latencyMs: Date.now() - started, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

/**
 * The one composition of a Ketenpad service's infrastructure: configuration,
 * logger, metrics and health (RuntimeModule), JWT auth on `/api/v1`, its own
 * database with migrations, the event codec, the Kafka client, and - for
 * producers - the transactional outbox writer and relay. Services import it
 * once and inject `DataSource`, `OutboxWriter`, `EventCodec` by class.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const config: ServiceConfig = { ...loadServiceConfig(options.service), ...options.config };
    const logger = new JsonLogger(options.service, undefined, config.logLevel);
    const signal = new OutboxSignal();

    const providers: Provider[] = [
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: EventCodec, useFactory: () => EventCodec.shared() },
      {
        provide: SERVICE_DATABASE,
        useFactory: () =>
          createServiceDataSource({
            service: options.service,
            databaseUrl: config.databaseUrl,
            migrationUrl: config.databaseMigrationUrl,
            databaseName: options.databaseName ?? config.databaseName,
            dataDir: config.dataDir,
            entities: options.entities,
            migrations: [...messagingMigrations, ...accessLogMigrations, ...options.migrations],
            logger,
          }),
      },
      { provide: DataSource, useFactory: (db: ServiceDatabase) => db.dataSource, inject: [SERVICE_DATABASE] },
      {
        provide: KAFKA_CLIENT,
        useFactory: () => createKafkaClient({ clientId: `${options.service}`, brokers: config.kafkaBrokers, logger }),
      },
      { provide: KafkaMessageBus, useFactory: (kafka: Kafka) => new KafkaMessageBus(kafka), inject: [KAFKA_CLIENT] },
      { provide: OutboxSignal, useValue: signal },
      { provide: AccessLog, useFactory: (dataSource: DataSource) => new AccessLog(dataSource), inject: [DataSource] },
      { provide: OutboxWriter, useFactory: (codec: EventCodec) => new OutboxWriter(codec, signal), inject: [EventCodec] },
    ];
    const lifecycleDeps: unknown[] = [SERVICE_DATABASE, KAFKA_CLIENT, KafkaMessageBus, JsonLogger, HealthRegistry, ServiceMetrics];
    if (options.publishes) {
      providers.push({
        provide: OutboxRelay,
        useFactory: (db: ServiceDatabase, bus: KafkaMessageBus, metrics: ServiceMetrics) => {
          const published = metrics.counter('ketenpad_outbox_published_total', 'Events published from the outbox and acknowledged by the broker');
          const failures = metrics.counter('ketenpad_outbox_publish_failures_total', 'Outbox relay rounds that failed (rows kept for retry)');
          return new OutboxRelay({
            dataSource: db.dataSource,
            bus,
            logger: logger.child('outbox-relay'),
            signal,
            // PGlite serves one session: a LISTEN connection would starve the service.
            listen: db.kind === 'postgres',
            metrics: { onPublished: (count) => published.inc(count), onError: () => failures.inc() },
          });
        },
        inject: [SERVICE_DATABASE, KafkaMessageBus, ServiceMetrics],
      });
      lifecycleDeps.push(OutboxRelay);
    }
    providers.push({
      provide: PlatformLifecycle,
      useFactory: (...deps: ConstructorParameters<typeof PlatformLifecycle>) => new PlatformLifecycle(...deps),
      inject: lifecycleDeps as never[],
    });

    return {
      module: PlatformModule,
      imports: [RuntimeModule.forRoot({ service: options.service, logger }), AuthModule.forRoot(loadAuthConfig(process.env), { logger })],
      providers,
      exports: [SERVICE_CONFIG, SERVICE_DATABASE, DataSource, AccessLog, EventCodec, KAFKA_CLIENT, KafkaMessageBus, OutboxSignal, OutboxWriter, ...(options.publishes ? [OutboxRelay] : [])],
    };
  }
}
