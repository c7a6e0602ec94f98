import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter } from '@ketenpad/messaging';
import { AccessLog, PathwayAccessLogQuery } from '@ketenpad/platform';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { Clock, SystemClock } from '@ketenpad/runtime';
import { ConsentCommandHandler } from './application/consent.command-handler';
import { ConsentQueries } from './application/consent.query';
import type { GpStore } from './application/gp-store.port';
import { GP_STORE, PATHWAY_PRIVACY_STORE } from './application/gp-store.token';
import { ChainFactsConsumer } from './application/chain-facts.consumer';
import { PathwayNotFound } from './application/application.errors';
import type { PathwayPrivacyStore } from './application/pathway-privacy.port';
import { PersonalDataErasureHandler } from './application/personal-data-erasure.handler';
import { ReferralCommandHandler } from './application/referral.command-handler';
import { ReferralOutcomeConsumer } from './application/referral-outcome.consumer';
import { ReferralQueries } from './application/referral.query';
import { AccessLogController } from './adapters/http/access-log.controller';
import { ConsentController } from './adapters/http/consent.controller';
import { ReferralController } from './adapters/http/referral.controller';
import { GpRepository } from './adapters/persistence/gp.repository';
import { PathwayPrivacyRepository } from './adapters/persistence/pathway-privacy.repository';

export interface GpModuleOptions {
  /** The clock; tests pass a fixed one. Default the system clock. */
  clock?: Clock;
}

/**
 * The GP practice: patient consents, referrals on consent, and the outcome
 * feedback (ReferralOutcomeConsumer, fed by the inbox).
 *
 * NEEDS from the platform module (provided globally, injected by class):
 * `DataSource` (with GP_MIGRATIONS), `OutboxWriter`, `AccessLog`, `JsonLogger`, the global
 * JwtAuthGuard, ValidationPipe and ErrorFilter.
 * Reads env KETENPAD_PSEUDONYM_KEY (required in production).
 */
@Module({})
export class GpModule {
  static forRoot(options: GpModuleOptions = {}): DynamicModule {
    return {
      module: GpModule,
      controllers: [
        ConsentController,
        ReferralController,
        AccessLogController,
        ReferralOutcomeConsumer,
        ChainFactsConsumer,
      ],
      providers: [
        options.clock ? { provide: Clock, useValue: options.clock } : { provide: Clock, useClass: SystemClock },
        { provide: GP_STORE, useClass: GpRepository },
        { provide: PATHWAY_PRIVACY_STORE, useClass: PathwayPrivacyRepository },
        { provide: ResidentPseudonymiser, useFactory: () => ResidentPseudonymiser.fromEnv() },
        {
          provide: ConsentCommandHandler,
          useFactory: (
            dataSource: DataSource,
            outbox: OutboxWriter,
            clock: Clock,
            store: GpStore,
            pseudonymiser: ResidentPseudonymiser,
          ) => new ConsentCommandHandler(dataSource, outbox, clock, store, pseudonymiser),
          inject: [DataSource, OutboxWriter, Clock, GP_STORE, ResidentPseudonymiser],
        },
        {
          provide: ReferralCommandHandler,
          useFactory: (dataSource: DataSource, outbox: OutboxWriter, clock: Clock, store: GpStore) =>
            new ReferralCommandHandler(dataSource, outbox, clock, store),
          inject: [DataSource, OutboxWriter, Clock, GP_STORE],
        },
        {
          provide: ReferralQueries,
          useFactory: (dataSource: DataSource, store: GpStore, accessLog: AccessLog) =>
            new ReferralQueries(dataSource, store, accessLog),
          inject: [DataSource, GP_STORE, AccessLog],
        },
        {
          provide: ConsentQueries,
          useFactory: (dataSource: DataSource, store: GpStore, accessLog: AccessLog) =>
            new ConsentQueries(dataSource, store, accessLog),
          inject: [DataSource, GP_STORE, AccessLog],
        },
        {
          provide: PersonalDataErasureHandler,
          useFactory: (store: PathwayPrivacyStore, outbox: OutboxWriter, clock: Clock) =>
            new PersonalDataErasureHandler(store, outbox, clock),
          inject: [PATHWAY_PRIVACY_STORE, OutboxWriter, Clock],
        },
        {
          provide: PathwayAccessLogQuery,
          useFactory: (dataSource: DataSource, store: PathwayPrivacyStore, accessLog: AccessLog, clock: Clock) =>
            new PathwayAccessLogQuery({
              service: 'gp',
              dataSource,
              pathways: store,
              accessLog,
              clock,
              notFound: () => new PathwayNotFound(),
            }),
          inject: [DataSource, PATHWAY_PRIVACY_STORE, AccessLog, Clock],
        },
      ],
      exports: [ConsentCommandHandler, ConsentQueries, ReferralCommandHandler, ReferralQueries],
    };
  }
}
