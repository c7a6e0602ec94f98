import { DomainRuleViolation } from '../domain-rule-violation';
import { isSocialWorkUrn } from '../organisation.urn';
import type { ContactKind, DeclineReason, ReferralReason } from '../social-work.codes';
import type { CaseOwnerChanged, FirstContactMade, ReferralAccepted, ReferralDeclined } from '../social-work.events';

export type ReferralStatus = 'open' | 'accepted' | 'declined';
export const REFERRAL_STATUSES = ['open', 'accepted', 'declined'] as const satisfies readonly ReferralStatus[];

/** A referral addressed to a social-work organisation, as its inbox holds it. */
export interface ReceivedReferral {
  /** Id chosen by the referring organisation; unique across the chain. */
  readonly referralId: string;
  readonly pathwayId: string;
  /** Referring organisation (URN). */
  readonly fromOrg: string;
  /** The social-work organisation it is addressed to (URN); only it sees the referral. */
  readonly toOrg: string;
  readonly reason: ReferralReason;
  readonly urgent: boolean;
  readonly warm: boolean;
  /** When the referrer made it (the event's `at`). */
  readonly madeAt: Date;
  /** When this service took it in. */
  readonly receivedAt: Date;
  readonly status: ReferralStatus;
  /** When it was accepted or declined. */
  readonly decidedAt: Date | null;
  readonly declineReason: DeclineReason | null;
  readonly firstContactAt: Date | null;
}

/** The facts of a `referral-made` event of any producer (municipality, GP). */
export interface ReferralMadeFacts {
  readonly referralId: string;
  readonly pathwayId: string;
  readonly fromOrg: string;
  readonly toOrg: string;
  readonly reason: ReferralReason;
  readonly urgent: boolean;
  readonly warm: boolean;
  readonly at: string;
}

/**
 * Takes a referral into the inbox, or `undefined` when it is addressed to
 * another kind of organisation (a municipality, a court): that is not an
 * error, just not social work's business.
 */
export function receiveReferral(facts: ReferralMadeFacts, receivedAt: Date): ReceivedReferral | undefined {
  if (!isSocialWorkUrn(facts.toOrg)) return undefined;
  return {
    referralId: facts.referralId,
    pathwayId: facts.pathwayId,
    fromOrg: facts.fromOrg,
    toOrg: facts.toOrg,
    reason: facts.reason,
    urgent: facts.urgent,
    warm: facts.warm,
    madeAt: new Date(facts.at),
    receivedAt,
    status: 'open',
    decidedAt: null,
    declineReason: null,
    firstContactAt: null,
  };
}

function requireOpen(referral: ReceivedReferral): void {
  if (referral.status !== 'open') throw new DomainRuleViolation(`the referral was already ${referral.status}`);
}

/**
 * The moment of an answer: the one the social worker states (it happened
 * earlier, on the organisation's own system), which cannot precede the
 * referral, or `now`. `now` is not held to that rule: a receiver's clock
 * running behind the referrer's is nobody's mistake, and the timeline takes
 * such an answer as given together with the referral.
 */
function answeredAt(referral: ReceivedReferral, now: Date, stated: Date | undefined, answer: 'accepted' | 'declined'): Date {
  if (stated === undefined) return now;
  if (stated.getTime() < referral.madeAt.getTime()) {
    throw new DomainRuleViolation(`the referral cannot be ${answer} before it was made`);
  }
  return stated;
}

/**
 * Accepting makes the receiving organisation the case owner: the referral is
 * accepted by its addressee, and the lead moves from the referrer to it; at
 * `acceptedAt` when the social worker states when that happened, else `now`.
 */
export function acceptReferral(referral: ReceivedReferral, now: Date, acceptedAt?: Date): [ReferralAccepted, CaseOwnerChanged] {
  requireOpen(referral);
  const when = answeredAt(referral, now, acceptedAt, 'accepted').toISOString();
  return [
    { type: 'referral-accepted', pathwayId: referral.pathwayId, data: { referralId: referral.referralId, by: referral.toOrg, at: when } },
    {
      type: 'case-owner-changed',
      pathwayId: referral.pathwayId,
      data: { fromOrg: referral.fromOrg, toOrg: referral.toOrg, reason: 'referral-accepted', at: when },
    },
  ];
}

/** Declining hands the referral back to the referrer with a coded reason; at `declinedAt` when stated, else `now`. */
export function declineReferral(referral: ReceivedReferral, reason: DeclineReason, now: Date, declinedAt?: Date): [ReferralDeclined] {
  requireOpen(referral);
  const at = answeredAt(referral, now, declinedAt, 'declined');
  return [
    {
      type: 'referral-declined',
      pathwayId: referral.pathwayId,
      data: { referralId: referral.referralId, by: referral.toOrg, declineReason: reason, at: at.toISOString() },
    },
  ];
}

/** First contact follows an accepted referral, once, and not before the referral was made. */
export function recordFirstContact(referral: ReceivedReferral, kind: ContactKind, at: Date): [FirstContactMade] {
  if (referral.status !== 'accepted') {
    throw new DomainRuleViolation(
      referral.status === 'open' ? 'the referral has not been accepted yet' : 'the referral was declined; there is no contact to record',
    );
  }
  if (referral.firstContactAt !== null) throw new DomainRuleViolation('first contact was already recorded for this referral');
  if (at.getTime() < referral.madeAt.getTime()) throw new DomainRuleViolation('first contact cannot be before the referral was made');
  return [{ type: 'first-contact-made', pathwayId: referral.pathwayId, data: { referralId: referral.referralId, kind, at: at.toISOString() } }];
}

/**
 * The referral a first contact belongs to when the social worker names none:
 * the pathway's accepted referral still waiting for contact. The caller passes
 * only referrals of its own organisation on that pathway.
 */
export function referralAwaitingFirstContact(referrals: readonly ReceivedReferral[]): ReceivedReferral {
  const accepted = referrals.filter((r) => r.status === 'accepted');
  const waiting = accepted.filter((r) => r.firstContactAt === null).sort((a, b) => b.madeAt.getTime() - a.madeAt.getTime());
  const chosen = waiting[0];
  if (chosen) return chosen;
  if (accepted.length > 0) throw new DomainRuleViolation('first contact was already recorded for this referral');
  throw new DomainRuleViolation('no referral on this pathway has been accepted yet');
}

/** The referral after one of its own events. */
export function evolveReferral(referral: ReceivedReferral, event: ReferralAccepted | ReferralDeclined | CaseOwnerChanged | FirstContactMade): ReceivedReferral {
  switch (event.type) {
    case 'referral-accepted':
      return { ...referral, status: 'accepted', decidedAt: new Date(event.data.at) };
    case 'referral-declined':
      return { ...referral, status: 'declined', decidedAt: new Date(event.data.at), declineReason: event.data.declineReason };
    case 'first-contact-made':
      return { ...referral, firstContactAt: new Date(event.data.at) };
    case 'case-owner-changed':
      return referral;
  }
}

/** Whole hours the referral waited: until it was decided, or until `now` while open. */
export function waitingHours(referral: ReceivedReferral, now: Date): number {
  const until = referral.decidedAt ?? now;
  return Math.max(0, Math.floor((until.getTime() - referral.madeAt.getTime()) / 3_600_000));
}
