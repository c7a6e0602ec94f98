import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkingDayCalendar } from '@ketenpad/calendar';
import { AccessLog, PathwayAccessLogQuery } from '@ketenpad/platform';
import { Clock, SystemClock } from '@ketenpad/runtime';
import { KafkaProjectionProgress } from './adapters/messaging/projection-progress.kafka';
import { AlertRepository } from './adapters/persistence/alert.repository';
import { BottleneckRepository } from './adapters/persistence/bottleneck.repository';
import { PathwayResponsibilityRepository } from './adapters/persistence/pathway-responsibility.repository';
import { TimelineRepository } from './adapters/persistence/timeline.repository';
import { AccessLogController } from './adapters/http/access-log.controller';
import { BottleneckController } from './adapters/http/bottleneck.controller';
import { StreamController } from './adapters/http/stream.controller';
import { TimelineController } from './adapters/http/timeline.controller';
import { TransactionOutcomeSubscriber } from './adapters/persistence/transaction-outcome.subscriber';
import { CaseloadQuery } from './application/caseload.query';
import { LiveChanges } from './application/live-changes';
import { PathwayChangesHub } from './application/pathway-changes.hub';
import { BottleneckAlertScheduler } from './application/bottleneck-alert.scheduler';
import { BOTTLENECK_CONFIG, bottleneckConfigFromEnv, type BottleneckConfig } from './application/bottleneck.config';
import { BottleneckQueries } from './application/bottleneck.queries';
import { PersonalDataErasure } from './application/personal-data-erasure';
import { ProjectionProgress } from './application/chain-topics';
import { PROJECTION_GENERATION, ProjectionGenerationGuard } from './application/projection.generation';
import { TimelineProjection } from './application/timeline.projection';
import { PathwayNotVisible, TimelineQueries } from './application/timeline.queries';

export interface TimelineModuleOptions {
  /** The clock; tests pass a fixed one. Default: the system clock. */
  readonly clock?: Clock;
  /** Analytics and alert thresholds; default from the environment (bottleneck.config.ts). */
  readonly bottlenecks?: Partial<BottleneckConfig>;
}

/**
 * The chain timeline: projects every chain event (TimelineProjection, an
 * `@EventPattern` handler fed by the inbox), serves the pathway views and the
 * coordinator bottleneck analytics and, for a pathway's responsible
 * municipality, the timeline's access log of it; and raises the live alerts.
 * Needs `DataSource`, `AccessLog`, `OutboxWriter` (publishing to
 * timeline.events.v1) and `ServiceMetrics` from the platform module.
 */
@Module({})
export class TimelineModule {
  static forRoot(generation: string, options: TimelineModuleOptions = {}): DynamicModule {
    return {
      module: TimelineModule,
      controllers: [
        TimelineController,
        StreamController,
        BottleneckController,
        AccessLogController,
        TimelineProjection,
      ],
      providers: [
        PathwayChangesHub,
        TransactionOutcomeSubscriber,
        LiveChanges,
        CaseloadQuery,
        TimelineRepository,
        PersonalDataErasure,
        TimelineQueries,
        BottleneckRepository,
        BottleneckQueries,
        AlertRepository,
        BottleneckAlertScheduler,
        PathwayResponsibilityRepository,
        {
          provide: PathwayAccessLogQuery,
          useFactory: (
            dataSource: DataSource,
            pathways: PathwayResponsibilityRepository,
            accessLog: AccessLog,
            clock: Clock,
          ) =>
            new PathwayAccessLogQuery({
              service: 'timeline',
              dataSource,
              pathways,
              accessLog,
              clock,
              notFound: () => new PathwayNotVisible(),
            }),
          inject: [DataSource, PathwayResponsibilityRepository, AccessLog, Clock],
        },
        { provide: ProjectionProgress, useClass: KafkaProjectionProgress },
        {
          provide: BOTTLENECK_CONFIG,
          useFactory: (): BottleneckConfig => ({ ...bottleneckConfigFromEnv(), ...options.bottlenecks }),
        },
        ProjectionGenerationGuard,
        { provide: PROJECTION_GENERATION, useValue: generation },
        { provide: WorkingDayCalendar, useFactory: () => WorkingDayCalendar.netherlands() },
        options.clock ? { provide: Clock, useValue: options.clock } : { provide: Clock, useClass: SystemClock },
      ],
    };
  }
}
