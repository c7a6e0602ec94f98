import { Module } from '@nestjs/common';
import { TimelineRepository } from './adapters/persistence/timeline.repository';
import { TimelineController } from './adapters/http/timeline.controller';
import { TimelineProjection } from './application/timeline.projection';
import { TimelineQueries } from './application/timeline.queries';

/**
 * The chain timeline: projects every chain event (TimelineProjection, an
 * `@EventPattern` handler fed by the inbox) and serves the pathway views.
 * Needs `DataSource` from the platform module.
 */
@Module({
  controllers: [TimelineController, TimelineProjection],
  providers: [TimelineRepository, TimelineQueries],
})
export class TimelineModule {}
