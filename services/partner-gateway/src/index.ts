// Public API of @ketenpad/partner-gateway.
export {
  partnerGatewayAppModule,
  partnerGatewayInbox,
  PARTNER_GATEWAY_API,
  type PartnerGatewayAppOptions,
} from './app.module';
export {
  PartnerGatewayModule,
  PARTNER_GATEWAY_CONFIG,
  type PartnerGatewayModuleOptions,
} from './partner-gateway.module';
export { loadPartnerGatewayConfig, type PartnerGatewayConfig } from './partner-gateway.config';
export { PARTNER_GATEWAY_ENTITIES, PARTNER_GATEWAY_MIGRATIONS } from './adapters/persistence/partner-gateway.schema';
export {
  DeliveryWorker,
  PARTNER_GATEWAY_TOPIC,
  PARTNER_GATEWAY_SOURCE,
  type DeliveryMetrics,
  type DeliveryOutcome,
} from './application/delivery.worker';
export {
  ChainEventsConsumer,
  PARTNER_GATEWAY_TOPICS,
  PARTNER_NOTIFICATIONS_CONSUMER,
} from './application/chain-events.consumer';
export { SubscriptionCommandHandler } from './application/subscription.command-handler';
export { PersonalDataErasureHandler, ERASURE_REQUESTED } from './application/personal-data-erasure.handler';
export {
  WebhookTransport,
  type WebhookMessage,
  type WebhookResult,
  type DeliveryErrorKind,
} from './application/webhook.port';
export { HttpWebhookTransport } from './adapters/webhook/http.webhook-transport';
export { signWebhook } from './adapters/webhook/webhook.signer';
export * from './domain/partner-access.policy';
export * from './domain/subscription.filter';
export * from './domain/retry.schedule';
export * from './domain/thin-notification';
export * from './domain/callback-url.rule';
