import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter } from '@ketenpad/messaging';
import { AccessLog, PathwayAccessLogQuery } from '@ketenpad/platform';
import { JsonLogger } from '@ketenpad/runtime';
import { Clock, SystemClock } from '@ketenpad/runtime';
import { ChainFactsConsumer } from './application/chain-facts.consumer';
import { CourtCaseCommandHandler } from './application/court-case.command-handler';
import { CourtCaseQueries } from './application/court-case.query';
import { CourtReferralConsumer } from './application/court-referral.consumer';
import { DEFAULT_SCHEDULER_INTERVAL_MS, MoratoriumEndScheduler } from './application/moratorium-end.scheduler';
import { CourtCaseNotFound } from './application/application.errors';
import type { PathwayPrivacyStore } from './application/pathway-privacy.port';
import { PATHWAY_PRIVACY_STORE } from './application/pathway-privacy.token';
import { PersonalDataErasureHandler } from './application/personal-data-erasure.handler';
import { AccessLogController } from './adapters/http/access-log.controller';
import { CourtCaseController } from './adapters/http/court-case.controller';
import { ReferralController } from './adapters/http/referral.controller';
import { CourtCaseRepository } from './adapters/persistence/court-case.repository';
import { PathwayPrivacyRepository } from './adapters/persistence/pathway-privacy.repository';
import { ScheduledJobRepository } from './adapters/persistence/scheduled-job.repository';

export interface CourtLiaisonModuleOptions {
  /** The clock; tests pass a controllable one. Default: the system clock. */
  readonly clock?: Clock;
  /** Scheduler poll interval; default COURT_LIAISON_SCHEDULER_INTERVAL_MS or 30 s. */
  readonly schedulerIntervalMs?: number;
}

/**
 * The court liaison's court cases: referrals from municipalities, moratoria
 * (with their scheduled end), provisional measures, forced settlements, Wsnp,
 * protective administration and hearings.
 *
 * NEEDS from the platform module (provided globally, injected by class):
 * `DataSource` (with COURT_LIAISON_ENTITIES and COURT_LIAISON_MIGRATIONS),
 * `OutboxWriter`, `AccessLog`, `JsonLogger`, the global JwtAuthGuard, ValidationPipe and ErrorFilter.
 */
@Module({})
export class CourtLiaisonModule {
  static forRoot(options: CourtLiaisonModuleOptions = {}): DynamicModule {
    const intervalMs = options.schedulerIntervalMs ?? schedulerIntervalFromEnv(process.env);
    return {
      module: CourtLiaisonModule,
      controllers: [
        CourtCaseController,
        ReferralController,
        AccessLogController,
        CourtReferralConsumer,
        ChainFactsConsumer,
      ],
      providers: [
        options.clock ? { provide: Clock, useValue: options.clock } : { provide: Clock, useClass: SystemClock },
        { provide: CourtCaseRepository, useFactory: () => new CourtCaseRepository() },
        { provide: ScheduledJobRepository, useFactory: () => new ScheduledJobRepository() },
        {
          provide: CourtCaseCommandHandler,
          useFactory: (
            dataSource: DataSource,
            outbox: OutboxWriter,
            clock: Clock,
            cases: CourtCaseRepository,
            jobs: ScheduledJobRepository,
          ) => new CourtCaseCommandHandler(dataSource, outbox, clock, cases, jobs),
          inject: [DataSource, OutboxWriter, Clock, CourtCaseRepository, ScheduledJobRepository],
        },
        {
          provide: CourtCaseQueries,
          useFactory: (dataSource: DataSource, cases: CourtCaseRepository, accessLog: AccessLog) =>
            new CourtCaseQueries(dataSource, cases, accessLog),
          inject: [DataSource, CourtCaseRepository, AccessLog],
        },
        { provide: PATHWAY_PRIVACY_STORE, useFactory: () => new PathwayPrivacyRepository() },
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
              service: 'court-liaison',
              dataSource,
              pathways: store,
              accessLog,
              clock,
              notFound: () => new CourtCaseNotFound(),
            }),
          inject: [DataSource, PATHWAY_PRIVACY_STORE, AccessLog, Clock],
        },
        {
          provide: MoratoriumEndScheduler,
          useFactory: (
            dataSource: DataSource,
            jobs: ScheduledJobRepository,
            commands: CourtCaseCommandHandler,
            outbox: OutboxWriter,
            clock: Clock,
            logger: JsonLogger,
          ) =>
            new MoratoriumEndScheduler(
              dataSource,
              jobs,
              commands,
              outbox,
              clock,
              logger.child('moratorium-end.scheduler'),
              { intervalMs },
            ),
          inject: [DataSource, ScheduledJobRepository, CourtCaseCommandHandler, OutboxWriter, Clock, JsonLogger],
        },
      ],
      exports: [CourtCaseCommandHandler, CourtCaseQueries, MoratoriumEndScheduler],
    };
  }
}

/** COURT_LIAISON_SCHEDULER_INTERVAL_MS, a positive whole number of milliseconds; default 30 s. */
export function schedulerIntervalFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.COURT_LIAISON_SCHEDULER_INTERVAL_MS?.trim();
  if (!raw) return DEFAULT_SCHEDULER_INTERVAL_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(
      `COURT_LIAISON_SCHEDULER_INTERVAL_MS must be a positive whole number of milliseconds, got "${raw}"`,
    );
  }
  return value;
}
