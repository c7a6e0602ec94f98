import { Module, type Type } from '@nestjs/common';
import { partitionCountFrom, PlatformModule, type InboxSubscription, type PlatformOptions } from '@ketenpad/platform';
import { TIMELINE_MIGRATIONS } from './adapters/persistence/timeline.migrations';
import { TIMELINE_TOPIC } from './application/bottleneck-alert.scheduler';
import { CHAIN_TOPICS } from './application/chain-topics';
import { configuredGeneration, projectionConsumerName } from './application/projection.generation';
import { TimelineModule, type TimelineModuleOptions } from './timeline.module';

export type TimelineAppOptions = Pick<PlatformOptions, 'config' | 'databaseName'> &
  TimelineModuleOptions & {
    /** Projection generation; default from `TIMELINE_PROJECTION_GENERATION`. Pass the same to {@link timelineInbox}. */
    generation?: string;
  };

export { TIMELINE_MIGRATIONS };

/** The timeline service's root module; it publishes its alerts (deadline-breached, referral-waiting-too-long) on timeline.events.v1. */
export function timelineAppModule({
  generation = configuredGeneration(),
  clock,
  bottlenecks,
  ...platform
}: TimelineAppOptions = {}): Type {
  @Module({
    imports: [
      PlatformModule.forRoot({
        service: 'timeline',
        entities: [],
        migrations: TIMELINE_MIGRATIONS,
        publishes: { topic: TIMELINE_TOPIC },
        ...platform,
      }),
      TimelineModule.forRoot(generation, { ...(clock ? { clock } : {}), ...(bottlenecks ? { bottlenecks } : {}) }),
    ],
  })
  class TimelineAppModule {}
  return TimelineAppModule;
}

export { CHAIN_TOPICS };

/** Environment variable: partitions the projection consumes at the same time (default {@link TIMELINE_DEFAULT_CONCURRENCY}). */
export const TIMELINE_CONCURRENCY_ENV = 'TIMELINE_PARTITIONS_CONSUMED_CONCURRENTLY';
/** One per partition of a chain topic: a slow pathway holds up only its own partition (QUALITY.md B4). */
const TIMELINE_DEFAULT_CONCURRENCY = 6;

/**
 * The projection's inbox. It may consume partitions concurrently: it writes
 * only rows of the event's own pathway (entries, summary, bottleneck rows),
 * locked in id order; the one exception, an erasure reaching pathways merged
 * into the erased one, locks their summaries first (TimelineRepository.erasePersonalData).
 */
export function timelineInbox(generation: string = configuredGeneration(), env = process.env): InboxSubscription {
  return {
    consumerName: projectionConsumerName(generation),
    topics: CHAIN_TOPICS,
    fromBeginning: true,
    partitionsConsumedConcurrently: partitionCountFrom(env, TIMELINE_CONCURRENCY_ENV, TIMELINE_DEFAULT_CONCURRENCY),
  };
}

export const TIMELINE_API = {
  service: 'timeline',
  title: 'Ketenpad - chain timeline',
  description:
    "One chain-wide, ordered history per debt pathway, built from every organisation's events, and the current pathway summary. Holds no personal data.",
} as const;
