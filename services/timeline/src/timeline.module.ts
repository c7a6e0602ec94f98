import { type DynamicModule, Module } from '@nestjs/common';
import { WorkingDayCalendar } from '@ketenpad/calendar';
import { Clock, SystemClock } from '@ketenpad/runtime';
import { TimelineRepository } from './adapters/persistence/timeline.repository';
import { TimelineController } from './adapters/http/timeline.controller';
import { PROJECTION_GENERATION, ProjectionGenerationGuard } from './application/projection.generation';
import { TimelineProjection } from './application/timeline.projection';
import { TimelineQueries } from './application/timeline.queries';

/**
 * The chain timeline: projects every chain event (TimelineProjection, an
 * `@EventPattern` handler fed by the inbox) and serves the pathway views.
 * Needs `DataSource` from the platform module.
 */
@Module({})
export class TimelineModule {
  static forRoot(generation: string): DynamicModule {
    return {
      module: TimelineModule,
      controllers: [TimelineController, TimelineProjection],
      providers: [
        TimelineRepository,
        TimelineQueries,
        ProjectionGenerationGuard,
        { provide: PROJECTION_GENERATION, useValue: generation },
        { provide: WorkingDayCalendar, useFactory: () => WorkingDayCalendar.netherlands() },
        { provide: Clock, useClass: SystemClock },
      ],
    };
  }
}
