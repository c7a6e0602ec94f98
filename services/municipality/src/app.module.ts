import { Module, type Type } from '@nestjs/common';
import { PlatformModule, type InboxSubscription, type PlatformOptions } from '@ketenpad/platform';
import { REACTIONS_CONSUMER, REACTIONS_TOPICS } from './adapters/messaging/chain-reactions.consumer';
import { MUNICIPALITY_ENTITIES, MUNICIPALITY_MIGRATIONS } from './adapters/persistence/municipality.schema';
import { MUNICIPALITY_TOPIC } from './application/pathway-event.envelope';
import { MunicipalityModule } from './municipality.module';

/** Test and deployment overrides of the platform configuration. */
export type MunicipalityAppOptions = Pick<PlatformOptions, 'config' | 'databaseName'>;

/** The municipality service's root module: the platform (database, outbox relay, auth, runtime) plus its domain module. */
export function municipalityAppModule(options: MunicipalityAppOptions = {}): Type {
  @Module({
    imports: [
      PlatformModule.forRoot({
        service: 'municipality',
        entities: MUNICIPALITY_ENTITIES,
        migrations: MUNICIPALITY_MIGRATIONS,
        publishes: { topic: MUNICIPALITY_TOPIC },
        ...options,
      }),
      MunicipalityModule,
    ],
  })
  class MunicipalityAppModule {}
  return MunicipalityAppModule;
}

/**
 * What the municipality consumes: referrals from GPs and social work, urgent
 * situations social work flags, and the court liaison's court instruments. From the beginning for a new consumer
 * group, so a referral made before the first deployment is not lost.
 */
export function municipalityInbox(): InboxSubscription {
  // One partition at a time: taking in referrals and completing erasures reach rows of other pathways (see InboxSubscription).
  return { consumerName: REACTIONS_CONSUMER, topics: REACTIONS_TOPICS, partitionsConsumedConcurrently: 1 };
}

export const MUNICIPALITY_API = {
  service: 'municipality',
  title: 'Ketenpad - municipality (gemeente)',
  description:
    'Help requests (aanmelding), early signals, the Wgs first-conversation deadline, intake (beschikking), trajectory phases, referrals and closure. ' +
    'Resident data (BSN, contact) stays in this service, encrypted at rest; events carry only the pathway id.',
} as const;
