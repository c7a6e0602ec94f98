import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter } from '@ketenpad/messaging';
import { AccessLog, PathwayAccessLogQuery } from '@ketenpad/platform';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { Clock, SystemClock } from '@ketenpad/runtime';
import { PathwayNotFound } from './application/application.errors';
import { CaseloadQueries } from './application/caseload.query';
import { PersonalDataErasureHandler } from './application/personal-data-erasure.handler';
import { ReferralQueries } from './application/referral.query';
import { SocialWorkCommandHandler } from './application/social-work.command-handler';
import { AccessLogController } from './adapters/http/access-log.controller';
import { PathwayController } from './adapters/http/pathway.controller';
import { ReferralController } from './adapters/http/referral.controller';
import { ChainFactsConsumer } from './adapters/kafka/chain-facts.consumer';
import { ReferralInboxConsumer } from './adapters/kafka/referral-inbox.consumer';
import { CaseloadRepository } from './adapters/persistence/caseload.repository';
import { PathwayPrivacyRepository } from './adapters/persistence/pathway-privacy.repository';
import { ReferralRepository } from './adapters/persistence/referral.repository';

export interface SocialWorkModuleOptions {
  /** The clock; the system clock when omitted (tests pass their own). */
  clock?: Clock;
}

/**
 * Social work's referral inboxes, caseloads, support and urgent situations.
 *
 * NEEDS from the platform module (provided globally, injected by class):
 * `DataSource` (with SOCIAL_WORK_MIGRATIONS), `OutboxWriter`, `AccessLog`, `JsonLogger`,
 * and the global JwtAuthGuard, ValidationPipe and error filter. Reads env
 * KETENPAD_PSEUDONYM_KEY (required in production) for resident pseudonyms.
 */
@Module({})
export class SocialWorkModule {
  static forRoot(options: SocialWorkModuleOptions = {}): DynamicModule {
    return {
      module: SocialWorkModule,
      controllers: [
        ReferralController,
        PathwayController,
        AccessLogController,
        ReferralInboxConsumer,
        ChainFactsConsumer,
      ],
      providers: [
        options.clock ? { provide: Clock, useValue: options.clock } : { provide: Clock, useClass: SystemClock },
        { provide: ResidentPseudonymiser, useFactory: () => ResidentPseudonymiser.fromEnv() },
        { provide: ReferralRepository, useFactory: () => new ReferralRepository() },
        { provide: CaseloadRepository, useFactory: () => new CaseloadRepository() },
        {
          provide: SocialWorkCommandHandler,
          useFactory: (
            dataSource: DataSource,
            outbox: OutboxWriter,
            clock: Clock,
            referrals: ReferralRepository,
            caseload: CaseloadRepository,
          ) => new SocialWorkCommandHandler(dataSource, outbox, clock, referrals, caseload),
          inject: [DataSource, OutboxWriter, Clock, ReferralRepository, CaseloadRepository],
        },
        {
          provide: ReferralQueries,
          useFactory: (dataSource: DataSource, referrals: ReferralRepository, clock: Clock, accessLog: AccessLog) =>
            new ReferralQueries(dataSource, referrals, clock, accessLog),
          inject: [DataSource, ReferralRepository, Clock, AccessLog],
        },
        {
          provide: CaseloadQueries,
          useFactory: (
            dataSource: DataSource,
            caseload: CaseloadRepository,
            referrals: ReferralRepository,
            clock: Clock,
            accessLog: AccessLog,
          ) => new CaseloadQueries(dataSource, caseload, referrals, clock, accessLog),
          inject: [DataSource, CaseloadRepository, ReferralRepository, Clock, AccessLog],
        },
        { provide: PathwayPrivacyRepository, useFactory: () => new PathwayPrivacyRepository() },
        {
          provide: PersonalDataErasureHandler,
          useFactory: (store: PathwayPrivacyRepository, outbox: OutboxWriter, clock: Clock) =>
            new PersonalDataErasureHandler(store, outbox, clock),
          inject: [PathwayPrivacyRepository, OutboxWriter, Clock],
        },
        {
          provide: PathwayAccessLogQuery,
          useFactory: (dataSource: DataSource, store: PathwayPrivacyRepository, accessLog: AccessLog, clock: Clock) =>
            new PathwayAccessLogQuery({
              service: 'social-work',
              dataSource,
              pathways: store,
              accessLog,
              clock,
              notFound: () => new PathwayNotFound(),
            }),
          inject: [DataSource, PathwayPrivacyRepository, AccessLog, Clock],
        },
      ],
      exports: [SocialWorkCommandHandler, ReferralQueries, CaseloadQueries, Clock],
    };
  }
}
