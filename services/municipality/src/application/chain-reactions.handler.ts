import type { EntityManager } from 'typeorm';
import type { OutboxWriter } from '@ketenpad/messaging';
import { DomainRuleViolation } from '../domain/domain-rule-violation';
import type { Crisis } from '../domain/pathway/pathway.codes';
import { decide, type PathwayRules } from '../domain/pathway/pathway.decider';
import type { PathwayCommand } from '../domain/pathway/pathway.commands';
import type { PathwayEvent } from '../domain/pathway/pathway.events';
import { evolveAll, initialPathwayState } from '../domain/pathway/pathway.state';
import type { Clock } from '@ketenpad/runtime';
import { MUNICIPALITY_TOPIC, toEnvelopes } from './pathway-event.envelope';
import type { PathwayStore, StoredPathway } from './pathway-store.port';

/** A referral another organisation addressed to one municipality. */
export interface IncomingReferral {
  /** CBS code of the municipality referred to. */
  readonly municipalityCode: string;
  readonly referralId: string;
  /** The pathway id the referring organisation made the referral on. */
  readonly referralPathwayId: string;
  /** URN of the referring organisation. */
  readonly fromOrg: string;
  readonly urgent: boolean;
  readonly referredAt: Date;
  /** Chain pseudonym of the resident, when the referrer knows the BSN. */
  readonly residentPseudonym?: string;
}

/** What a chain event did; the consumer logs it. */
export type ReactionOutcome =
  /** The referral opened a pathway with the referral's own id. */
  | { readonly kind: 'opened'; readonly pathwayId: string }
  /** The referral was taken into an existing open pathway of the same resident. */
  | { readonly kind: 'merged'; readonly pathwayId: string }
  /** A pathway already known here (the referral's own) took the referral or the flag. */
  | { readonly kind: 'applied'; readonly pathwayId: string }
  /** Nothing to do: already taken in, or the deadline was already as early. */
  | { readonly kind: 'unchanged'; readonly pathwayId: string }
  /** Not for this municipality's pathways, or refused by a domain rule: ignored, never retried. */
  | { readonly kind: 'ignored'; readonly pathwayId: string; readonly reason: string };

/**
 * The municipality's reactions to other organisations' events. Every method
 * works in the inbox transaction it is given (`manager`): the state change,
 * the outbox rows and the inbox row commit together, so a redelivered event
 * has no second effect. Events that legitimately do not apply are reported as
 * `ignored`, not thrown (throwing means retry, then the DLQ).
 */
export class ChainReactionsHandler {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly repository: PathwayStore,
    private readonly rules: PathwayRules,
  ) {}

  /**
   * A referral to this municipality: the referral's own pathway when it is
   * known here; else the open pathway of the same resident (by pseudonym),
   * which the referral's pathway is merged into; else a new pathway with the
   * referral's pathway id.
   *
   * Erasure (AVG art. 17) ends a pathway id for good: a referral on an erased
   * pathway, or on one merged into an erased pathway, is ignored. Merging it
   * into the resident's new pathway would publish a second `pathway-merged`
   * and re-link the erased history to the person; opening it on its own id
   * would do the same later, as the chain knows that id as merged into the
   * erased one. The referring organisation erased that episode too; a new
   * referral comes on a new pathway id. An erased pathway is never a merge target.
   */
  async takeInReferral(manager: EntityManager, referral: IncomingReferral): Promise<ReactionOutcome> {
    const { municipalityCode, referralPathwayId: pathwayId } = referral;
    const own = await this.repository.loadAnyForUpdate(manager, pathwayId);
    if (own && own.state.municipalityCode !== municipalityCode) {
      return { kind: 'ignored', pathwayId, reason: `the pathway belongs to municipality ${own.state.municipalityCode}` };
    }
    const erased = await this.repository.erasedPathwayOf(manager, pathwayId);
    if (erased !== undefined) {
      return {
        kind: 'ignored',
        pathwayId,
        reason:
          erased === pathwayId
            ? "the referral's pathway was erased (AVG art. 17): it takes no referral and is never merged"
            : `the referral's pathway was merged into erased pathway ${erased} (AVG art. 17): it is never merged again`,
      };
    }
    const found =
      !own && referral.residentPseudonym !== undefined
        ? await this.repository.findOpenByPseudonymForUpdate(manager, municipalityCode, referral.residentPseudonym)
        : undefined;
    // The store finds no erased pathway; checked here too, as a merge into one cannot be undone.
    const residents =
      found && (await this.repository.erasedPathwayOf(manager, found.state.pathwayId)) === undefined ? found : undefined;
    const target = own ?? residents;
    const outcome = await this.apply(manager, target ?? { state: initialPathwayState(pathwayId, municipalityCode), version: 0 }, {
      type: 'accept-referral',
      referralId: referral.referralId,
      fromOrg: referral.fromOrg,
      referralPathwayId: pathwayId,
      urgent: referral.urgent,
      referredAt: referral.referredAt,
      acceptedAt: this.clock.now(),
    }, target === undefined);
    if (outcome.kind !== 'applied') return outcome;
    if (!target) return { kind: 'opened', pathwayId };
    if (!residents) return outcome;
    await this.repository.recordMerge(manager, pathwayId, residents.state.pathwayId, this.clock.now());
    return { kind: 'merged', pathwayId: residents.state.pathwayId };
  }

  /**
   * Social work flagged an urgent threat on a pathway: a crisis, so a first
   * conversation still pending is due 3 working days after the flag (when that
   * is earlier than the current deadline).
   */
  async flagUrgentSituation(
    manager: EntityManager,
    pathwayId: string,
    flag: { readonly crisis: Crisis; readonly flaggedAt: Date },
  ): Promise<ReactionOutcome> {
    const loaded = await this.repository.loadAnyForUpdate(manager, pathwayId);
    if (!loaded) return { kind: 'ignored', pathwayId, reason: 'not a pathway of this service' };
    return this.apply(manager, loaded, {
      type: 'report-crisis',
      crisis: flag.crisis,
      reportedAt: flag.flaggedAt,
      reason: 'urgent-situation-flagged',
    }, false);
  }

  private async apply(manager: EntityManager, current: StoredPathway, command: PathwayCommand, isNew: boolean): Promise<ReactionOutcome> {
    const pathwayId = current.state.pathwayId;
    let events: PathwayEvent[];
    try {
      events = decide(command, current.state, this.rules);
    } catch (error) {
      if (error instanceof DomainRuleViolation) return { kind: 'ignored', pathwayId, reason: error.message };
      throw error;
    }
    if (events.length === 0) return { kind: 'unchanged', pathwayId };
    const next = evolveAll(current.state, events);
    if (isNew) await this.repository.insert(manager, next);
    else await this.repository.update(manager, next, current.version);
    const envelopes = toEnvelopes(events, { municipalityCode: next.municipalityCode, time: this.clock.now() });
    await this.outbox.append(manager, envelopes, { topic: MUNICIPALITY_TOPIC, aggregateType: 'pathway' });
    return { kind: 'applied', pathwayId };
  }
}
