import { Module, type Type } from '@nestjs/common';
import { topics } from '@ketenpad/contracts';
import { PlatformModule, type InboxSubscription, type PlatformOptions } from '@ketenpad/platform';
import { CreateTimelineTables1795430000000 } from './adapters/persistence/migrations/1795430000000-create-timeline-tables.migration';
import { configuredGeneration, projectionConsumerName } from './application/projection.generation';
import { TimelineModule } from './timeline.module';

export type TimelineAppOptions = Pick<PlatformOptions, 'config' | 'databaseName'> & {
  /** Projection generation; default from `TIMELINE_PROJECTION_GENERATION`. Pass the same to {@link timelineInbox}. */
  generation?: string;
};

export const TIMELINE_MIGRATIONS = [CreateTimelineTables1795430000000];

/** The timeline service's root module. It publishes nothing yet (alerts come with the coordinator analytics). */
export function timelineAppModule({ generation = configuredGeneration(), ...platform }: TimelineAppOptions = {}): Type {
  @Module({
    imports: [PlatformModule.forRoot({ service: 'timeline', entities: [], migrations: TIMELINE_MIGRATIONS, ...platform }), TimelineModule.forRoot(generation)],
  })
  class TimelineAppModule {}
  return TimelineAppModule;
}

/** Every chain topic: the events of every producing organisation, never the timeline's own. */
export const CHAIN_TOPICS: readonly string[] = topics.filter((t) => ['municipality', 'social-work', 'court-liaison', 'gp'].includes(t.producer)).map((t) => t.name);

export function timelineInbox(generation: string = configuredGeneration()): InboxSubscription {
  return { consumerName: projectionConsumerName(generation), topics: CHAIN_TOPICS, fromBeginning: true };
}

export const TIMELINE_API = {
  service: 'timeline',
  title: 'Ketenpad - chain timeline',
  description: 'One chain-wide, ordered history per debt pathway, built from every organisation\'s events, and the current pathway summary. Holds no personal data.',
} as const;
