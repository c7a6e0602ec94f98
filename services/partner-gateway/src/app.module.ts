import { Module, type Type } from '@nestjs/common';
import { PlatformModule, type InboxSubscription, type PlatformOptions } from '@ketenpad/platform';
import { PARTNER_GATEWAY_ENTITIES, PARTNER_GATEWAY_MIGRATIONS } from './adapters/persistence/partner-gateway.schema';
import { PARTNER_GATEWAY_TOPICS, PARTNER_NOTIFICATIONS_CONSUMER } from './application/chain-events.consumer';
import { PARTNER_GATEWAY_TOPIC } from './application/delivery.worker';
import { PartnerGatewayModule, type PartnerGatewayModuleOptions } from './partner-gateway.module';

/** Test and deployment overrides of the platform configuration, plus the gateway's own options. */
export type PartnerGatewayAppOptions = Pick<PlatformOptions, 'config' | 'databaseName'> & {
  gateway?: PartnerGatewayModuleOptions;
};

/** The partner gateway's root module: the platform (database, outbox relay, auth, runtime) plus the gateway. */
export function partnerGatewayAppModule({ gateway = {}, ...platform }: PartnerGatewayAppOptions = {}): Type {
  @Module({
    imports: [
      PlatformModule.forRoot({
        service: 'partner-gateway',
        entities: PARTNER_GATEWAY_ENTITIES,
        migrations: PARTNER_GATEWAY_MIGRATIONS,
        publishes: { topic: PARTNER_GATEWAY_TOPIC },
        ...platform,
      }),
      PartnerGatewayModule.forRoot(gateway),
    ],
  })
  class PartnerGatewayAppModule {}
  return PartnerGatewayAppModule;
}

/** Every chain topic from the beginning: entitlement is a projection of the whole history. */
export function partnerGatewayInbox(): InboxSubscription {
  // One partition at a time: declined referrals, withdrawn consents and erasures reach rows of other pathways (see InboxSubscription).
  return {
    consumerName: PARTNER_NOTIFICATIONS_CONSUMER,
    topics: PARTNER_GATEWAY_TOPICS,
    fromBeginning: true,
    partitionsConsumedConcurrently: 1,
  };
}

export const PARTNER_GATEWAY_API = {
  service: 'partner-gateway',
  title: 'Ketenpad - partner gateway',
  description:
    'Webhook subscriptions for partner organisations (housing corporations, energy and water companies, insurers, bewindvoerders, kredietbanken). ' +
    'Thin CloudEvents notifications signed per Standard Webhooks, only of pathways the partner participates in or has consent for; details through an access-logged dataref, whose log the responsible municipality of the pathway reads.',
} as const;
