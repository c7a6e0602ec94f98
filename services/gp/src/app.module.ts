import { Module, type Type } from '@nestjs/common';
import { PlatformModule, type InboxSubscription, type PlatformOptions } from '@ketenpad/platform';
import { GP_ENTITIES, GP_MIGRATIONS } from './adapters/persistence/gp.schema';
import type { Clock } from '@ketenpad/runtime';
import { GP_TOPIC } from './application/gp-event.envelope';
import { REFERRAL_OUTCOME_TOPICS, REFERRAL_OUTCOMES_CONSUMER } from './application/referral-outcome.consumer';
import { GpModule } from './gp.module';

/** Test and deployment overrides of the platform configuration, and the clock. */
export type GpAppOptions = Pick<PlatformOptions, 'config' | 'databaseName'> & { clock?: Clock };

/** The GP service's root module: the platform (database, outbox relay, auth, runtime) plus its domain module. */
export function gpAppModule({ clock, ...platform }: GpAppOptions = {}): Type {
  @Module({
    imports: [
      PlatformModule.forRoot({
        service: 'gp',
        entities: GP_ENTITIES,
        migrations: GP_MIGRATIONS,
        publishes: { topic: GP_TOPIC },
        ...platform,
      }),
      GpModule.forRoot(clock ? { clock } : {}),
    ],
  })
  class GpAppModule {}
  return GpAppModule;
}

/** The outcome feedback: answers to the practices' referrals and the followed pathways' progress; on the same subscription the municipality's help requests and erasure requests (ChainFactsConsumer). */
export function gpInbox(): InboxSubscription {
  // One partition at a time: referral outcomes, merges and erasures reach rows of other pathways (see InboxSubscription).
  return {
    consumerName: REFERRAL_OUTCOMES_CONSUMER,
    topics: REFERRAL_OUTCOME_TOPICS,
    partitionsConsumedConcurrently: 1,
  };
}

export const GP_API = {
  service: 'gp',
  title: 'Ketenpad - general practitioner (huisarts / POH-GGZ)',
  description:
    'Patient consents and referrals to the municipality or social work on that consent, and the feedback whether a referral reached a first conversation. ' +
    'Medical secrecy: the BSN and anything medical stay in this service; events say only "referred with consent" and what became of the referral.',
} as const;
