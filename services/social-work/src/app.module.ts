import { Module, type Type } from '@nestjs/common';
import { PlatformModule, type InboxSubscription, type PlatformOptions } from '@ketenpad/platform';
import { SOCIAL_WORK_ENTITIES, SOCIAL_WORK_MIGRATIONS } from './adapters/persistence/social-work.schema';
import { REFERRAL_INBOX_CONSUMER, REFERRAL_SOURCE_TOPICS } from './adapters/kafka/referral-inbox.consumer';
import type { Clock } from '@ketenpad/runtime';
import { SOCIAL_WORK_TOPIC } from './application/social-work-event.envelope';
import { SocialWorkModule } from './social-work.module';

/** Test and deployment overrides of the platform configuration, and the clock for tests. */
export type SocialWorkAppOptions = Pick<PlatformOptions, 'config' | 'databaseName'> & { clock?: Clock };

/** The social-work service's root module: the platform (database, outbox relay, auth, runtime) plus its domain module. */
export function socialWorkAppModule({ clock, ...platform }: SocialWorkAppOptions = {}): Type {
  @Module({
    imports: [
      PlatformModule.forRoot({
        service: 'social-work',
        entities: SOCIAL_WORK_ENTITIES,
        migrations: SOCIAL_WORK_MIGRATIONS,
        publishes: { topic: SOCIAL_WORK_TOPIC },
        ...platform,
      }),
      SocialWorkModule.forRoot(clock ? { clock } : {}),
    ],
  })
  class SocialWorkAppModule {}
  return SocialWorkAppModule;
}

/**
 * The referral inbox: `referral-made` events of the municipality and GPs; on the
 * same subscription (group id unchanged) the municipality's help requests,
 * merges and erasure requests (ChainFactsConsumer).
 */
export function socialWorkInbox(): InboxSubscription {
  // One partition at a time: the referral inbox, merges and erasures reach rows of other pathways (see InboxSubscription).
  return {
    consumerName: REFERRAL_INBOX_CONSUMER,
    topics: REFERRAL_SOURCE_TOPICS,
    fromBeginning: true,
    partitionsConsumedConcurrently: 1,
  };
}

export const SOCIAL_WORK_API = {
  service: 'social-work',
  title: 'Ketenpad - social work (maatschappelijk werk / wijkteam)',
  description:
    'Referral inbox of each social-work organisation (accept, decline), first contact, support (budget coaching, home visits, ...), urgent situations and onward referrals. ' +
    'Holds no BSN or contact data; onward referrals carry at most the keyed resident pseudonym.',
} as const;
