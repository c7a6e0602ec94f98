import { CallbackAddresses } from './application/callback-address.port';
import { CallbackAddressGuard } from './adapters/webhook/callback-address.guard';
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxSignal, OutboxWriter } from '@ketenpad/messaging';
import { AccessLog, PathwayAccessLogQuery, SERVICE_CONFIG } from '@ketenpad/platform';
import { Clock, JsonLogger, ServiceMetrics, SystemClock, type ServiceConfig } from '@ketenpad/runtime';
import { PathwayNotFound } from './application/application.errors';
import { ChainEventsConsumer } from './application/chain-events.consumer';
import { DeliveryWorker, type DeliveryMetrics } from './application/delivery.worker';
import { NotificationQuery } from './application/notification.query';
import { PersonalDataErasureHandler } from './application/personal-data-erasure.handler';
import { SubscriptionCommandHandler } from './application/subscription.command-handler';
import { SubscriptionQueries } from './application/subscription.query';
import { WebhookTransport } from './application/webhook.port';
import { AccessLogController } from './adapters/http/access-log.controller';
import { NotificationController } from './adapters/http/notification.controller';
import { SubscriptionController } from './adapters/http/subscription.controller';
import { DeliveryRepository } from './adapters/persistence/delivery.repository';
import { EntitlementRepository } from './adapters/persistence/entitlement.repository';
import { PathwayPrivacyRepository } from './adapters/persistence/pathway-privacy.repository';
import { SecretCipher } from './adapters/persistence/secret.cipher';
import { SubscriptionRepository } from './adapters/persistence/subscription.repository';
import { HttpWebhookTransport } from './adapters/webhook/http.webhook-transport';
import { loadPartnerGatewayConfig, type PartnerGatewayConfig } from './partner-gateway.config';

export interface PartnerGatewayModuleOptions {
  /** The clock; tests pass one they move. Default the system clock. */
  clock?: Clock;
  /** Overrides of the gateway's settings (tests: short timeouts). */
  config?: Partial<PartnerGatewayConfig>;
  /** `manual`: the worker does not poll; tests and the benchmark call `DeliveryWorker.drain()`. Default `auto`. */
  worker?: 'auto' | 'manual';
  /** Jitter source of the retry schedule; tests fix it. */
  random?: () => number;
}

/** Injection token of the gateway's settings. */
export const PARTNER_GATEWAY_CONFIG = Symbol('PARTNER_GATEWAY_CONFIG');
const WORKER_MODE = Symbol('PARTNER_GATEWAY_WORKER_MODE');

/** Starts the delivery worker with the application, wakes it after every inbox commit, stops it first on shutdown. */
@Injectable()
class DeliveryWorkerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly worker: DeliveryWorker,
    private readonly signal: OutboxSignal,
    private readonly webhooks: WebhookTransport,
    @Inject(WORKER_MODE) private readonly mode: 'auto' | 'manual',
  ) {}

  onApplicationBootstrap(): void {
    if (this.mode === 'manual') return;
    // The inbox transport fires this signal after each committed batch: queued deliveries go out at once.
    this.unsubscribe = this.signal.subscribe(() => this.worker.wake());
    this.worker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.worker.stop();
    if (this.webhooks instanceof HttpWebhookTransport) this.webhooks.close();
  }
}

/**
 * The partner gateway: subscriptions (HTTP), the chain-event consumer that
 * keeps entitlement and merges, queues deliveries and carries out erasure
 * requests (inbox), the delivery worker, the `dataref` endpoint and the
 * pathway access log for the responsible municipality. NEEDS from the platform module: `DataSource`,
 * `OutboxWriter`, `OutboxSignal`, `AccessLog`, `JsonLogger`, `ServiceMetrics`,
 * `SERVICE_CONFIG`. Reads env PARTNER_GATEWAY_* (see partner-gateway.config.ts).
 */
@Module({})
export class PartnerGatewayModule {
  static forRoot(options: PartnerGatewayModuleOptions = {}): DynamicModule {
    return {
      module: PartnerGatewayModule,
      controllers: [SubscriptionController, NotificationController, AccessLogController, ChainEventsConsumer],
      providers: [
        options.clock ? { provide: Clock, useValue: options.clock } : { provide: Clock, useClass: SystemClock },
        {
          provide: PARTNER_GATEWAY_CONFIG,
          useFactory: (service: ServiceConfig): PartnerGatewayConfig => ({
            ...loadPartnerGatewayConfig(service),
            ...options.config,
          }),
          inject: [SERVICE_CONFIG],
        },
        { provide: WORKER_MODE, useValue: options.worker ?? 'auto' },
        {
          provide: CallbackAddresses,
          useFactory: (config: PartnerGatewayConfig) => new CallbackAddressGuard(config.production),
          inject: [PARTNER_GATEWAY_CONFIG],
        },
        {
          provide: WebhookTransport,
          useFactory: (guard: CallbackAddressGuard) => new HttpWebhookTransport(guard),
          inject: [CallbackAddresses],
        },
        {
          provide: SecretCipher,
          useFactory: (config: PartnerGatewayConfig) => new SecretCipher(config.secretKey),
          inject: [PARTNER_GATEWAY_CONFIG],
        },
        { provide: EntitlementRepository, useFactory: () => new EntitlementRepository() },
        { provide: SubscriptionRepository, useFactory: () => new SubscriptionRepository() },
        {
          provide: DeliveryRepository,
          useFactory: (dataSource: DataSource) => new DeliveryRepository(dataSource),
          inject: [DataSource],
        },
        { provide: PathwayPrivacyRepository, useFactory: () => new PathwayPrivacyRepository() },
        {
          provide: PersonalDataErasureHandler,
          useFactory: (
            pathways: PathwayPrivacyRepository,
            entitlements: EntitlementRepository,
            deliveries: DeliveryRepository,
            outbox: OutboxWriter,
            clock: Clock,
          ) => new PersonalDataErasureHandler(pathways, entitlements, deliveries, outbox, clock),
          inject: [PathwayPrivacyRepository, EntitlementRepository, DeliveryRepository, OutboxWriter, Clock],
        },
        {
          provide: PathwayAccessLogQuery,
          useFactory: (
            dataSource: DataSource,
            pathways: PathwayPrivacyRepository,
            accessLog: AccessLog,
            clock: Clock,
          ) =>
            new PathwayAccessLogQuery({
              service: 'partner-gateway',
              dataSource,
              pathways,
              accessLog,
              clock,
              notFound: () => new PathwayNotFound(),
            }),
          inject: [DataSource, PathwayPrivacyRepository, AccessLog, Clock],
        },
        {
          provide: SubscriptionCommandHandler,
          useFactory: (
            dataSource: DataSource,
            subscriptions: SubscriptionRepository,
            deliveries: DeliveryRepository,
            entitlements: EntitlementRepository,
            cipher: SecretCipher,
            webhooks: WebhookTransport,
            config: PartnerGatewayConfig,
            clock: Clock,
            addresses: CallbackAddresses,
          ) =>
            new SubscriptionCommandHandler(
              dataSource,
              subscriptions,
              deliveries,
              entitlements,
              cipher,
              webhooks,
              config,
              clock,
              addresses,
            ),
          inject: [
            DataSource,
            SubscriptionRepository,
            DeliveryRepository,
            EntitlementRepository,
            SecretCipher,
            WebhookTransport,
            PARTNER_GATEWAY_CONFIG,
            Clock,
            CallbackAddresses,
          ],
        },
        {
          provide: SubscriptionQueries,
          useFactory: (dataSource: DataSource, subscriptions: SubscriptionRepository, deliveries: DeliveryRepository) =>
            new SubscriptionQueries(dataSource, subscriptions, deliveries),
          inject: [DataSource, SubscriptionRepository, DeliveryRepository],
        },
        {
          provide: NotificationQuery,
          useFactory: (
            dataSource: DataSource,
            entitlements: EntitlementRepository,
            accessLog: AccessLog,
            clock: Clock,
          ) => new NotificationQuery(dataSource, entitlements, accessLog, clock),
          inject: [DataSource, EntitlementRepository, AccessLog, Clock],
        },
        {
          provide: DeliveryWorker,
          useFactory: (
            dataSource: DataSource,
            deliveries: DeliveryRepository,
            subscriptions: SubscriptionRepository,
            entitlements: EntitlementRepository,
            cipher: SecretCipher,
            webhooks: WebhookTransport,
            outbox: OutboxWriter,
            config: PartnerGatewayConfig,
            clock: Clock,
            logger: JsonLogger,
            metrics: ServiceMetrics,
          ) =>
            new DeliveryWorker({
              dataSource,
              deliveries,
              subscriptions,
              entitlements,
              cipher,
              webhooks,
              outbox,
              config,
              clock,
              logger: logger.child('delivery-worker'),
              metrics: deliveryMetrics(metrics, deliveries, clock),
              ...(options.random ? { random: options.random } : {}),
            }),
          inject: [
            DataSource,
            DeliveryRepository,
            SubscriptionRepository,
            EntitlementRepository,
            SecretCipher,
            WebhookTransport,
            OutboxWriter,
            PARTNER_GATEWAY_CONFIG,
            Clock,
            JsonLogger,
            ServiceMetrics,
          ],
        },
        DeliveryWorkerLifecycle,
      ],
      exports: [DeliveryWorker, SubscriptionCommandHandler, PARTNER_GATEWAY_CONFIG],
    };
  }
}

/**
 * Prometheus figures of delivery (issue 5 item 6). Subscription ids are the
 * only label beyond outcome and error kind: organisation-chosen, not personal,
 * and bounded by the number of subscriptions.
 */
function deliveryMetrics(metrics: ServiceMetrics, deliveries: DeliveryRepository, clock: Clock): DeliveryMetrics {
  const outcomes = metrics.counter(
    'ketenpad_partner_deliveries_total',
    'Webhook delivery outcomes (delivered, retry-scheduled, dead-lettered, not-entitled)',
    ['outcome'],
  );
  const failures = metrics.counter(
    'ketenpad_partner_delivery_failures_total',
    'Failed webhook attempts by kind of failure',
    ['error'],
  );
  const failing = metrics.counter(
    'ketenpad_partner_subscriptions_marked_failing_total',
    'Subscriptions marked failing after a dead-lettered delivery',
  );
  metrics.gauge(
    'ketenpad_partner_retry_backlog',
    'Queued deliveries that failed at least once and wait for a retry',
    [],
    async (g) => {
      g.set(await deliveries.retryBacklog());
    },
  );
  metrics.gauge(
    'ketenpad_partner_oldest_undelivered_age_seconds',
    'Age of the oldest undelivered notification per subscription',
    ['subscription'],
    async (g) => {
      g.reset();
      for (const { subscriptionId, seconds } of await deliveries.oldestUndeliveredAge(clock.now()))
        g.set({ subscription: subscriptionId }, seconds);
    },
  );
  return {
    onOutcome: (outcome, error) => {
      outcomes.inc({ outcome });
      if (error !== undefined) failures.inc({ error });
    },
    onSubscriptionFailing: () => failing.inc(),
  };
}
