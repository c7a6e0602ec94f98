import { Module, type Type } from '@nestjs/common';
import { PlatformModule, type InboxSubscription, type PlatformOptions } from '@ketenpad/platform';
import { COURT_LIAISON_ENTITIES, COURT_LIAISON_MIGRATIONS } from './adapters/persistence/court-liaison.schema';
import { COURT_LIAISON_TOPIC } from './application/court-case-event.envelope';
import { CourtLiaisonModule, type CourtLiaisonModuleOptions } from './court-liaison.module';

/** Test and deployment overrides of the platform configuration, the clock and the scheduler interval. */
export type CourtLiaisonAppOptions = Pick<PlatformOptions, 'config' | 'databaseName'> & CourtLiaisonModuleOptions;

/** The court-liaison service's root module: the platform (database, outbox relay, auth, runtime) plus its domain module. */
export function courtLiaisonAppModule({ clock, schedulerIntervalMs, ...platform }: CourtLiaisonAppOptions = {}): Type {
  @Module({
    imports: [
      PlatformModule.forRoot({
        service: 'court-liaison',
        entities: COURT_LIAISON_ENTITIES,
        migrations: COURT_LIAISON_MIGRATIONS,
        publishes: { topic: COURT_LIAISON_TOPIC },
        ...platform,
      }),
      CourtLiaisonModule.forRoot({
        ...(clock ? { clock } : {}),
        ...(schedulerIntervalMs !== undefined ? { schedulerIntervalMs } : {}),
      }),
    ],
  })
  class CourtLiaisonAppModule {}
  return CourtLiaisonAppModule;
}

/** Referrals reach the court liaison from the municipalities; so do their help requests, merges and erasure requests (ChainFactsConsumer). */
export function courtLiaisonInbox(): InboxSubscription {
  // One partition at a time: referrals, merges and erasures reach rows of other pathways (see InboxSubscription).
  return {
    consumerName: 'court-liaison.referrals',
    topics: ['municipality.events.v1'],
    partitionsConsumedConcurrently: 1,
  };
}

export const COURT_LIAISON_API = {
  service: 'court-liaison',
  title: 'Ketenpad - court liaison (rechtbank / schuldenloket)',
  description:
    'Court cases per pathway: referrals from municipalities, moratorium (art. 287b Fw / art. 5 Wgs) with its scheduled end, ' +
    'provisional measures, forced settlement (art. 287a Fw), Wsnp, protective administration and hearings. Holds no personal data.',
} as const;
