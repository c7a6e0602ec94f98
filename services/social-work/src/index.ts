// Public API of @ketenpad/social-work.
export { socialWorkAppModule, socialWorkInbox, SOCIAL_WORK_API, type SocialWorkAppOptions } from './app.module';
export { SocialWorkModule, type SocialWorkModuleOptions } from './social-work.module';
export { SOCIAL_WORK_ENTITIES, SOCIAL_WORK_MIGRATIONS } from './adapters/persistence/social-work.schema';
export { REFERRAL_INBOX_CONSUMER, REFERRAL_SOURCE_TOPICS } from './adapters/kafka/referral-inbox.consumer';
export { SocialWorkCommandHandler, type CommandOutcome, type OnwardReferral } from './application/social-work.command-handler';
export { ReferralQueries, referralView, type ReferralView } from './application/referral.query';
export { PathwayNotFound, ReferralNotFound } from './application/application.errors';
export { SOCIAL_WORK_TOPIC, toEnvelopes, cloudEventTypeOf } from './application/social-work-event.envelope';
export { DomainRuleViolation } from './domain/domain-rule-violation';
export * from './domain/social-work.codes';
export type * from './domain/social-work.events';
export { ORGANISATION_URN, socialWorkUrn, isSocialWorkUrn } from './domain/organisation.urn';
export * from './domain/referral/received-referral';
export * from './domain/referral/onward-referral';
export * from './domain/caseload/caseload-pathway';
