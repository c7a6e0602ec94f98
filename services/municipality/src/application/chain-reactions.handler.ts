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
   */
  async takeInReferral(manager: EntityManager, referral: IncomingReferral): Promise<ReactionOutcome> {
    const { municipalityCode, referralPathwayId: pathwayId } = referral;
    const own = await this.repository.loadAnyForUpdate(manager, pathwayId);
    if (own && own.state.municipalityCode !== municipalityCode) {
      return { kind: 'ignored', pathwayId, reason: `the pathway belongs to municipality ${own.state.municipalityCode}` };
    }
    const residents =
      !own && referral.residentPseudonym !== undefined
        ? await this.repository.findOpenByPseudonymForUpdate(manager, municipalityCode, referral.residentPseudonym)
        : undefined;
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
    return residents ? { kind: 'merged', pathwayId: residents.state.pathwayId } : outcome;
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
