import type { DataSource, EntityManager } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import { inTransaction } from '@ketenpad/persistence';
import type { OutboxWriter } from '@ketenpad/messaging';
import { decide } from '../domain/court-case/court-case.decider';
import type {
  AcceptReferral,
  CourtCaseCommand,
  DeclineReferral,
  OpenCase,
  ReceiveReferral,
} from '../domain/court-case/court-case.commands';
import { isPublished, type CourtCaseEvent } from '../domain/court-case/court-case.events';
import { evolveAll, type CourtCaseState } from '../domain/court-case/court-case.state';
import { moratoriumEndsOn } from '../domain/court-case/moratorium-term.rule';
import { CourtCaseNotFound, ReferralNotFound } from './application.errors';
import type { Clock } from '@ketenpad/runtime';
import { COURT_LIAISON_TOPIC, toEnvelopes } from './court-case-event.envelope';
import type { CourtCaseStore, StoredCourtCase } from './court-case-store.port';
import type { JobSchedule } from './job-schedule.port';

/** Commands on a case that already exists at the organisation (everything but opening one and receiving referrals). */
export type ExistingCaseCommand = Exclude<
  CourtCaseCommand,
  OpenCase | ReceiveReferral | AcceptReferral | DeclineReferral
>;

/** The outcome of a command: the case as it is now and the facts it produced. */
export interface CommandOutcome {
  readonly state: CourtCaseState;
  readonly events: readonly CourtCaseEvent[];
}

/**
 * Runs court case commands: load (locked) → decide → save state, schedule
 * follow-up jobs and append the published facts to the outbox, all in ONE
 * transaction. A refused command throws before anything is written.
 */
export class CourtCaseCommandHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly cases: CourtCaseStore,
    private readonly jobs: JobSchedule,
  ) {}

  /** A command of the court liaison on its own case for the pathway; CourtCaseNotFound otherwise. */
  async execute(organisationId: string, pathwayId: string, command: ExistingCaseCommand): Promise<CommandOutcome> {
    return this.transaction((manager) => this.executeIn(manager, organisationId, pathwayId, command));
  }

  /** As {@link execute}, inside the caller's transaction (the scheduler's). */
  async executeIn(
    manager: EntityManager,
    organisationId: string,
    pathwayId: string,
    command: ExistingCaseCommand,
  ): Promise<CommandOutcome> {
    const stored = await this.cases.loadForUpdate(manager, organisationId, pathwayId);
    if (!stored || stored.state.status === 'new') throw new CourtCaseNotFound();
    return this.apply(manager, stored, command);
  }

  /**
   * The court liaison takes up a pathway referred to it again: reopens the case
   * a referral opened once every referral was declined. Only a participant may:
   * a pathway with no case here was never referred to this organisation (a
   * received referral and its case commit together, see {@link receiveReferral}),
   * so it is CourtCaseNotFound, the same answer as for an unknown pathway, and
   * nothing is written. Opening any pathway at will would make the court a
   * participant, and so a reader of its chain events, without a referral.
   */
  async openCase(organisationId: string, pathwayId: string): Promise<CommandOutcome> {
    return this.transaction(async (manager) => {
      const stored = await this.cases.loadForUpdate(manager, organisationId, pathwayId);
      if (!stored || stored.state.status === 'new') throw new CourtCaseNotFound();
      return this.apply(manager, stored, { type: 'open-case', at: this.clock.now() });
    });
  }

  /**
   * A referral addressed to this organisation, inside the inbox transaction
   * (so the case and the inbox row commit together). Repeats change nothing.
   */
  async receiveReferral(
    manager: EntityManager,
    organisationId: string,
    pathwayId: string,
    referral: Omit<ReceiveReferral, 'type' | 'at'>,
  ): Promise<CommandOutcome> {
    await this.cases.recordReferral(manager, organisationId, referral.referralId, pathwayId);
    const stored = await this.cases.loadOrCreateForUpdate(manager, organisationId, pathwayId);
    return this.apply(manager, stored, { type: 'receive-referral', ...referral, at: this.clock.now() });
  }

  /**
   * Accepts or declines a referral this organisation received, now or at the
   * moment stated (`acceptedAt`, `declinedAt`: earlier, on the organisation's
   * own system); ReferralNotFound for any other referral, also one addressed to
   * another organisation (no existence leak).
   */
  async answerReferral(
    organisationId: string,
    referralId: string,
    answer:
      | { readonly type: 'accept'; readonly acceptedAt?: Date }
      | {
          readonly type: 'decline';
          readonly declineReason: DeclineReferral['declineReason'];
          readonly declinedAt?: Date;
        },
  ): Promise<CommandOutcome> {
    return this.transaction(async (manager) => {
      const pathwayId = await this.cases.pathwayOfReferral(manager, organisationId, referralId);
      const stored =
        pathwayId === undefined ? undefined : await this.cases.loadForUpdate(manager, organisationId, pathwayId);
      if (!stored) throw new ReferralNotFound();
      const at = this.clock.now();
      const command: CourtCaseCommand =
        answer.type === 'accept'
          ? {
              type: 'accept-referral',
              referralId,
              ...(answer.acceptedAt !== undefined ? { acceptedAt: answer.acceptedAt } : {}),
              at,
            }
          : {
              type: 'decline-referral',
              referralId,
              declineReason: answer.declineReason,
              ...(answer.declinedAt !== undefined ? { declinedAt: answer.declinedAt } : {}),
              at,
            };
      return this.apply(manager, stored, command);
    });
  }

  private async apply(
    manager: EntityManager,
    stored: StoredCourtCase,
    command: CourtCaseCommand,
  ): Promise<CommandOutcome> {
    const events = decide(command, stored.state);
    if (events.length === 0) return { state: stored.state, events };
    const next = evolveAll(stored.state, events);
    await this.cases.update(manager, next, stored.version);
    for (const event of events) {
      if (event.type === 'moratorium-granted') {
        await this.jobs.schedule(manager, {
          organisationId: next.organisationId,
          pathwayId: next.pathwayId,
          kind: 'moratorium-end',
          dueOn: moratoriumEndsOn(LocalDate.parse(event.data.endsAt)).toString(),
        });
      }
    }
    const published = events.filter(isPublished);
    if (published.length > 0) {
      await this.outbox.append(
        manager,
        toEnvelopes(published, { organisationId: next.organisationId, time: this.clock.now() }),
        {
          topic: COURT_LIAISON_TOPIC,
          aggregateType: 'pathway',
        },
      );
    }
    return { state: next, events };
  }

  private async transaction(work: (manager: EntityManager) => Promise<CommandOutcome>): Promise<CommandOutcome> {
    const outcome = await inTransaction(this.dataSource, work);
    if (outcome.events.some(isPublished)) this.outbox.afterCommit();
    return outcome;
  }
}
