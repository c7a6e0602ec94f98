// Public API of @ketenpad/gp.
export { gpAppModule, gpInbox, GP_API, type GpAppOptions } from './app.module';
export { GpModule, type GpModuleOptions } from './gp.module';
export { GP_ENTITIES, GP_MIGRATIONS } from './adapters/persistence/gp.schema';
export { GpRepository } from './adapters/persistence/gp.repository';
export { GP_TOPIC, practiceUrn } from './application/gp-event.envelope';
export { ConsentCommandHandler, type ConsentRequest } from './application/consent.command-handler';
export { ReferralCommandHandler, type ReferralRequest } from './application/referral.command-handler';
export { ReferralQueries, type ReferralView } from './application/referral.query';
export { ReferralOutcomeConsumer, REFERRAL_OUTCOMES_CONSUMER, REFERRAL_OUTCOME_TOPICS } from './application/referral-outcome.consumer';
export { ConsentNotFound, ReferralNotFound } from './application/application.errors';
export { DomainRuleViolation } from './domain/domain-rule-violation';
export * from './domain/gp.codes';
export * from './domain/consent/patient-consent';
export * from './domain/referral/referral';
