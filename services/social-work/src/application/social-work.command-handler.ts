import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@ketenpad/persistence';
import type { OutboxWriter } from '@ketenpad/messaging';
import {
  endSupport,
  evolveCaseload,
  flagUrgentSituation,
  startSupport,
  type CaseloadEvent,
  type CaseloadPathway,
} from '../domain/caseload/caseload-pathway';
import { makeReferral, type MakeReferral } from '../domain/referral/onward-referral';
import {
  acceptReferral,
  declineReferral,
  evolveReferral,
  receiveReferral,
  recordFirstContact,
  referralAwaitingFirstContact,
  type ReceivedReferral,
  type ReferralMadeFacts,
} from '../domain/referral/received-referral';
import { DomainRuleViolation } from '../domain/domain-rule-violation';
import { socialWorkUrn } from '../domain/organisation.urn';
import type { ContactKind, DeclineReason, SupportKind, SupportOutcome, Threat } from '../domain/social-work.codes';
import type { SocialWorkEvent, UrgentSituationFlagged } from '../domain/social-work.events';
import { PathwayNotFound, ReferralNotFound } from './application.errors';
import type { Clock } from '@ketenpad/runtime';
import { SOCIAL_WORK_TOPIC, toEnvelopes } from './social-work-event.envelope';
import type { CaseloadStore, ReferralStore } from './social-work-store.port';

/** What a command produced: the facts, and the records as they are now. */
export interface CommandOutcome<TResult> {
  readonly result: TResult;
  readonly events: readonly SocialWorkEvent[];
}

/**
 * The onward referral to make; `fromOrg` is the acting organisation, `pathwayId` is a caseload pathway or a new one.
 * `madeAt`: when it was made on the organisation's own system, if earlier than now (the adapter checks its bounds).
 */
export type OnwardReferral = Omit<MakeReferral, 'fromOrg' | 'at'> & {
  readonly newPathway: boolean;
  readonly madeAt?: Date;
};

/**
 * Runs social work's commands: load (locked) → decide → save → append the
 * events to the outbox, in ONE transaction, so records and events commit or
 * roll back together. A DomainRuleViolation rolls everything back, so a
 * refused command writes nothing and emits nothing.
 *
 * `organisationId` is the acting social-work organisation's id (e.g. `SW-AMS`);
 * it sees and acts on its own referrals and caseload only.
 */
export class SocialWorkCommandHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly referrals: ReferralStore,
    private readonly caseload: CaseloadStore,
  ) {}

  /**
   * A `referral-made` event from another service, inside the inbox consumer's
   * transaction: stored as an open referral when it is addressed to a
   * social-work organisation; ignored otherwise, and when its referral id is
   * already known. Returns whether it was taken in.
   */
  async takeIn(manager: EntityManager, facts: ReferralMadeFacts): Promise<boolean> {
    const referral = receiveReferral(facts, this.clock.now());
    if (!referral) return false;
    return this.referrals.insertIfNew(manager, referral);
  }

  /** Accepts now, or at `acceptedAt`: when it was accepted on the organisation's own system (not before the referral was made). */
  async accept(organisationId: string, referralId: string, acceptedAt?: Date): Promise<CommandOutcome<ReceivedReferral>> {
    const organisation = socialWorkUrn(organisationId);
    return this.run(organisationId, async (manager, now) => {
      const referral = await this.referralOf(manager, organisation, referralId);
      const events = acceptReferral(referral, now, acceptedAt);
      const next = events.reduce(evolveReferral, referral);
      await this.referrals.update(manager, next);
      await this.caseload.open(manager, organisation, referral.pathwayId, 'referral-accepted', next.decidedAt ?? now);
      return { result: next, events };
    });
  }

  /** Declines now, or at `declinedAt`: when it was declined on the organisation's own system (not before the referral was made). */
  async decline(
    organisationId: string,
    referralId: string,
    reason: DeclineReason,
    declinedAt?: Date,
  ): Promise<CommandOutcome<ReceivedReferral>> {
    const organisation = socialWorkUrn(organisationId);
    return this.run(organisationId, async (manager, now) => {
      const referral = await this.referralOf(manager, organisation, referralId);
      const events = declineReferral(referral, reason, now, declinedAt);
      const next = events.reduce(evolveReferral, referral);
      await this.referrals.update(manager, next);
      return { result: next, events };
    });
  }

  /** First contact after an accepted referral on the pathway: the named one, or the one still waiting for contact. */
  async recordFirstContact(
    organisationId: string,
    pathwayId: string,
    contact: { kind: ContactKind; at?: Date; referralId?: string },
  ): Promise<CommandOutcome<ReceivedReferral>> {
    const organisation = socialWorkUrn(organisationId);
    return this.run(organisationId, async (manager, now) => {
      const onPathway = await this.referrals.loadOnPathwayForUpdate(manager, organisation, pathwayId);
      if (onPathway.length === 0) {
        // A pathway the organisation opened itself has no referral to follow up.
        if (await this.caseload.loadForUpdate(manager, organisation, pathwayId)) {
          throw new DomainRuleViolation('no referral on this pathway has been accepted yet');
        }
        throw new PathwayNotFound();
      }
      let referral: ReceivedReferral;
      if (contact.referralId === undefined) {
        referral = referralAwaitingFirstContact(onPathway);
      } else {
        const named = onPathway.find((r) => r.referralId === contact.referralId);
        if (!named) throw new ReferralNotFound();
        referral = named;
      }
      const events = recordFirstContact(referral, contact.kind, contact.at ?? now);
      const next = events.reduce(evolveReferral, referral);
      await this.referrals.update(manager, next);
      return { result: next, events };
    });
  }

  async startSupport(
    organisationId: string,
    pathwayId: string,
    kind: SupportKind,
    at?: Date,
  ): Promise<CommandOutcome<CaseloadPathway>> {
    return this.onCaseload(organisationId, pathwayId, (pathway, now) => startSupport(pathway, kind, at ?? now));
  }

  async endSupport(
    organisationId: string,
    pathwayId: string,
    kind: SupportKind,
    outcome: SupportOutcome,
    at?: Date,
  ): Promise<CommandOutcome<CaseloadPathway>> {
    return this.onCaseload(organisationId, pathwayId, (pathway, now) => endSupport(pathway, kind, outcome, at ?? now));
  }

  /** Flags the threat now; the result is the flagged situation as published. */
  async flagUrgentSituation(
    organisationId: string,
    pathwayId: string,
    threat: Threat,
    dueBy: string,
  ): Promise<CommandOutcome<UrgentSituationFlagged['data']>> {
    const outcome = await this.onCaseload(organisationId, pathwayId, (pathway, now) =>
      flagUrgentSituation(pathway, threat, dueBy, now),
    );
    return { result: outcome.events[0].data, events: outcome.events };
  }

  /**
   * Refers the resident onward: for a pathway in the caseload, or for a new
   * pathway that then enters the caseload. Only the resident's pseudonym may
   * travel; the caller never hands a BSN to this handler.
   */
  async refer(
    organisationId: string,
    referral: OnwardReferral,
  ): Promise<CommandOutcome<{ referralId: string; pathwayId: string; at: Date }>> {
    const organisation = socialWorkUrn(organisationId);
    return this.run(organisationId, async (manager, now) => {
      const at = referral.madeAt ?? now;
      if (referral.newPathway) {
        await this.caseload.open(manager, organisation, referral.pathwayId, 'referral-made', at);
      } else if (!(await this.caseload.loadForUpdate(manager, organisation, referral.pathwayId))) {
        throw new PathwayNotFound();
      }
      const { newPathway: _newPathway, madeAt: _madeAt, ...command } = referral;
      const events = makeReferral({ ...command, fromOrg: organisation, at });
      await this.referrals.insertOnward(manager, events[0]);
      return { result: { referralId: referral.referralId, pathwayId: referral.pathwayId, at }, events };
    });
  }

  private async onCaseload<TEvents extends CaseloadEvent[]>(
    organisationId: string,
    pathwayId: string,
    decide: (pathway: CaseloadPathway, now: Date) => TEvents,
  ): Promise<{ result: CaseloadPathway; events: TEvents }> {
    const organisation = socialWorkUrn(organisationId);
    return this.run(organisationId, async (manager, now) => {
      const pathway = await this.caseload.loadForUpdate(manager, organisation, pathwayId);
      if (!pathway) throw new PathwayNotFound();
      const events = decide(pathway, now);
      await this.caseload.record(manager, organisation, events);
      return { result: events.reduce(evolveCaseload, pathway), events };
    });
  }

  /** The organisation's own referral; ReferralNotFound for any other, also one addressed elsewhere (no existence leak). */
  private async referralOf(
    manager: EntityManager,
    organisation: string,
    referralId: string,
  ): Promise<ReceivedReferral> {
    const referral = await this.referrals.loadForUpdate(manager, organisation, referralId);
    if (!referral) throw new ReferralNotFound();
    return referral;
  }

  private async run<TOutcome extends CommandOutcome<unknown>>(
    organisationId: string,
    work: (manager: EntityManager, now: Date) => Promise<TOutcome>,
  ): Promise<TOutcome> {
    const now = this.clock.now();
    const outcome = await inTransaction(this.dataSource, async (manager) => {
      const result = await work(manager, now);
      await this.outbox.append(manager, toEnvelopes(result.events, { organisationId, time: now }), {
        topic: SOCIAL_WORK_TOPIC,
        aggregateType: 'pathway',
      });
      return result;
    });
    if (outcome.events.length > 0) this.outbox.afterCommit();
    return outcome;
  }
}
