// Public API of @ketenpad/municipality.
export { MunicipalityModule, PATHWAY_RULES } from './municipality.module';
export { MUNICIPALITY_ENTITIES, MUNICIPALITY_MIGRATIONS } from './adapters/persistence/municipality.schema';
export { loadResidentCryptoKeys, type ResidentCryptoKeys } from './adapters/persistence/resident-crypto.config';
export { Clock, SystemClock } from './application/clock.port';
export { PathwayCommandHandler, type CommandOutcome, type ExistingPathwayCommand } from './application/pathway.command-handler';
export { PathwayQueries, type PathwayView } from './application/pathway.query';
export { PathwayNotFound } from './application/application.errors';
export { MUNICIPALITY_TOPIC, toEnvelopes, cloudEventTypeOf } from './application/pathway-event.envelope';
export { Bsn, InvalidBsn } from './domain/bsn';
export { DomainRuleViolation } from './domain/domain-rule-violation';
export * from './domain/pathway/pathway.codes';
export type * from './domain/pathway/pathway.commands';
export type * from './domain/pathway/pathway.events';
export { decide, type PathwayRules } from './domain/pathway/pathway.decider';
export { evolve, evolveAll, initialPathwayState, type PathwayState } from './domain/pathway/pathway.state';
export { MANUAL_PHASE_TRANSITIONS } from './domain/pathway/phase-transition.rule';
