// Public API of @ketenpad/court-liaison.
export { courtLiaisonAppModule, courtLiaisonInbox, COURT_LIAISON_API, type CourtLiaisonAppOptions } from './app.module';
export { CourtLiaisonModule, schedulerIntervalFromEnv, type CourtLiaisonModuleOptions } from './court-liaison.module';
export { COURT_LIAISON_ENTITIES, COURT_LIAISON_MIGRATIONS } from './adapters/persistence/court-liaison.schema';
export {
  CourtCaseCommandHandler,
  type CommandOutcome,
  type ExistingCaseCommand,
} from './application/court-case.command-handler';
export { CourtCaseQueries, type CourtCaseView } from './application/court-case.query';
export { CourtCaseNotFound, ReferralNotFound } from './application/application.errors';
export { COURT_LIAISON_TOPIC, cloudEventTypeOf, toEnvelopes } from './application/court-case-event.envelope';
export {
  MoratoriumEndScheduler,
  DEFAULT_SCHEDULER_INTERVAL_MS,
  startOfDayInAmsterdam,
} from './application/moratorium-end.scheduler';
export { DomainRuleViolation, InvalidCourtCommand } from './domain/court-case.errors';
export * from './domain/court-case/court-case.codes';
export type * from './domain/court-case/court-case.commands';
export type * from './domain/court-case/court-case.events';
export { isPublished } from './domain/court-case/court-case.events';
export { decide } from './domain/court-case/court-case.decider';
export {
  evolve,
  evolveAll,
  initialCourtCaseState,
  hasProceedings,
  type CourtCaseState,
  type ReceivedReferral,
} from './domain/court-case/court-case.state';
export { moratoriumTermViolation, moratoriumEndsOn, plusMonths } from './domain/court-case/moratorium-term.rule';
