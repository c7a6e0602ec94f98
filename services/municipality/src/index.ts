// Public API of @ketenpad/municipality.
export { MunicipalityModule, PATHWAY_RULES } from './municipality.module';
export { MUNICIPALITY_ENTITIES, MUNICIPALITY_MIGRATIONS } from './adapters/persistence/municipality.schema';
export { loadResidentCryptoKeys, type ResidentCryptoKeys } from './adapters/persistence/resident-crypto.config';
export { PathwayCommandHandler, type CommandOutcome, type ExistingPathwayCommand } from './application/pathway.command-handler';
export { PathwayQueries, type PathwayView } from './application/pathway.query';
export type { PathwayListItem, PathwayStore, StoredPathway } from './application/pathway-store.port';
export { ChainReactionsHandler, type IncomingReferral, type ReactionOutcome } from './application/chain-reactions.handler';
export { ChainReactionsConsumer, REACTIONS_CONSUMER, REACTIONS_TOPICS } from './adapters/messaging/chain-reactions.consumer';
export { refusedResidentChange } from './domain/resident/resident.rule';
export { PathwayNotFound } from './application/application.errors';
export { MUNICIPALITY_TOPIC, toEnvelopes, cloudEventTypeOf } from './application/pathway-event.envelope';
export { Bsn, InvalidBsn } from './domain/bsn';
export { DomainRuleViolation } from './domain/domain-rule-violation';
export * from './domain/pathway/pathway.codes';
export type * from './domain/pathway/pathway.commands';
export type * from './domain/pathway/pathway.events';
export { decide, type PathwayRules } from './domain/pathway/pathway.decider';
export {
  evolve,
  evolveAll,
  initialPathwayState,
  type Consent,
  type PathwayState,
  type ReceivedReferral,
} from './domain/pathway/pathway.state';
export { MANUAL_PHASE_TRANSITIONS } from './domain/pathway/phase-transition.rule';
export { DdasExports, InvalidDdasDelivery, InvalidExportPeriod } from './application/ddas-export.query';
export { DdasDeliveryValidator } from './application/ddas-validator.port';
export { DdasSchemaValidator } from './adapters/ddas/ddas-schema.validator';
export { ddasDelivery, toSchuldhulptraject, wasActiveIn, refusedExportPeriod, type ExportPeriod } from './domain/ddas/ddas-export.mapping';
export type * from './domain/ddas/ddas.model';
