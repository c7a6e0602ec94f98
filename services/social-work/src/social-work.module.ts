import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter } from '@ketenpad/messaging';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { Clock, SystemClock } from '@ketenpad/runtime';
import { ReferralQueries } from './application/referral.query';
import { SocialWorkCommandHandler } from './application/social-work.command-handler';
import { PathwayController } from './adapters/http/pathway.controller';
import { ReferralController } from './adapters/http/referral.controller';
import { ReferralInboxConsumer } from './adapters/kafka/referral-inbox.consumer';
import { CaseloadRepository } from './adapters/persistence/caseload.repository';
import { ReferralRepository } from './adapters/persistence/referral.repository';

export interface SocialWorkModuleOptions {
  /** The clock; the system clock when omitted (tests pass their own). */
  clock?: Clock;
}

/**
 * Social work's referral inboxes, caseloads, support and urgent situations.
 *
 * NEEDS from the platform module (provided globally, injected by class):
 * `DataSource` (with SOCIAL_WORK_MIGRATIONS), `OutboxWriter`, `JsonLogger`,
 * and the global JwtAuthGuard, ValidationPipe and error filter. Reads env
 * KETENPAD_PSEUDONYM_KEY (required in production) for resident pseudonyms.
 */
@Module({})
export class SocialWorkModule {
  static forRoot(options: SocialWorkModuleOptions = {}): DynamicModule {
    return {
      module: SocialWorkModule,
      controllers: [ReferralController, PathwayController, ReferralInboxConsumer],
      providers: [
        options.clock ? { provide: Clock, useValue: options.clock } : { provide: Clock, useClass: SystemClock },
        { provide: ResidentPseudonymiser, useFactory: () => ResidentPseudonymiser.fromEnv() },
        { provide: ReferralRepository, useFactory: () => new ReferralRepository() },
        { provide: CaseloadRepository, useFactory: () => new CaseloadRepository() },
        {
          provide: SocialWorkCommandHandler,
          useFactory: (dataSource: DataSource, outbox: OutboxWriter, clock: Clock, referrals: ReferralRepository, caseload: CaseloadRepository) =>
            new SocialWorkCommandHandler(dataSource, outbox, clock, referrals, caseload),
          inject: [DataSource, OutboxWriter, Clock, ReferralRepository, CaseloadRepository],
        },
        {
          provide: ReferralQueries,
          useFactory: (dataSource: DataSource, referrals: ReferralRepository, clock: Clock) => new ReferralQueries(dataSource, referrals, clock),
          inject: [DataSource, ReferralRepository, Clock],
        },
      ],
      exports: [SocialWorkCommandHandler, ReferralQueries, Clock],
    };
  }
}
