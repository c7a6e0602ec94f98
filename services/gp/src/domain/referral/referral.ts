import type { LocalDate } from '@ketenpad/calendar';
import { whyReferralNotAllowed, type PatientConsent } from '../consent/patient-consent';
import { DomainRuleViolation } from '../domain-rule-violation';
import { referralTargetKindOf, type ReferralOutcome, type ReferralReason } from '../gp.codes';

/**
 * Where a referral stands for the practice: made (awaiting an answer),
 * accepted (the GP follows the receiving pathway until the first
 * conversation) or outcome-received (final: exactly one outcome, ever).
 */
export type ReferralStatus = 'made' | 'accepted' | 'outcome-received';

/**
 * A referral as the practice keeps it: only what is needed to hear back the
 * outcome. No medical content: the reason is a code, never a diagnosis.
 */
export interface Referral {
  readonly referralId: string;
  readonly practiceId: string;
  readonly consentId: string;
  /** Pathway id of the consent episode; the referral-made event is keyed by it. */
  readonly pathwayId: string;
  /** The practice's own URN. */
  readonly fromOrg: string;
  readonly toOrg: string;
  readonly reason: ReferralReason;
  readonly urgent: boolean;
  readonly warm: boolean;
  readonly madeAt: Date;
  readonly status: ReferralStatus;
  /** The receiving organisation's pathway the GP follows once the referral is accepted. */
  readonly followedPathwayId: string | null;
  readonly outcome: ReferralOutcome | null;
  readonly outcomeAt: Date | null;
}

export interface MakeReferral {
  readonly referralId: string;
  readonly practiceId: string;
  readonly fromOrg: string;
  readonly toOrg: string;
  readonly reason: ReferralReason;
  readonly urgent: boolean;
  readonly warm: boolean;
  readonly at: Date;
}

/**
 * A referral resting on a valid consent. Refused (409) without one: missing,
 * withdrawn, expired, or not covering the kind of organisation referred to.
 * `consent` is undefined when the practice has no consent with that id.
 */
export function makeReferral(command: MakeReferral, consent: PatientConsent | undefined, today: LocalDate): Referral {
  const target = referralTargetKindOf(command.toOrg);
  if (target === undefined) throw new DomainRuleViolation('a GP refers only to a municipality or a social-work organisation');
  if (consent === undefined || consent.practiceId !== command.practiceId) {
    throw new DomainRuleViolation('no valid consent: the practice has no such consent');
  }
  const why = whyReferralNotAllowed(consent, target, today);
  if (why !== undefined) throw new DomainRuleViolation(`no valid consent: ${why}`);
  const { at, ...rest } = command;
  return {
    ...rest,
    consentId: consent.consentId,
    pathwayId: consent.pathwayId,
    madeAt: at,
    status: 'made',
    followedPathwayId: null,
    outcome: null,
    outcomeAt: null,
  };
}

/** What the receiving organisation reported about a referral or about the pathway the GP follows. */
export type ReferralFeedback =
  | {
      readonly type: 'accepted';
      /** URN of the organisation that accepted. */
      readonly by: string;
      /** Referring organisation, when the acceptance names it. */
      readonly fromOrg?: string;
      /** Pathway the acceptance event is on. */
      readonly pathwayId: string;
      /** Existing pathway of the same resident the referral was merged into, if any. */
      readonly intoPathwayId?: string;
    }
  | { readonly type: 'declined'; readonly by: string }
  | {
      readonly type: 'first-conversation-held';
      readonly pathwayId: string;
      /** The referral that led to the contact, when the event names it (social work's first-contact-made). */
      readonly referralId?: string;
    }
  | { readonly type: 'pathway-closed'; readonly pathwayId: string }
  | { readonly type: 'pathway-merged'; readonly pathwayId: string; readonly intoPathwayId: string };

/** The referral after the feedback, and the outcome to publish if one was reached. */
export type FeedbackDecision =
  | { readonly kind: 'ignored'; readonly why: string }
  | { readonly kind: 'updated'; readonly referral: Referral; readonly outcome: ReferralOutcome | null };

/**
 * Applies feedback to a referral. Only an answer from the organisation the
 * referral went to counts, and a referral gets at most one outcome: anything
 * after that, or anything the patient did not allow the GP to hear
 * (`mayHearBack` false), is ignored.
 */
export function applyFeedback(referral: Referral, feedback: ReferralFeedback, at: Date, mayHearBack: boolean): FeedbackDecision {
  if (referral.status === 'outcome-received') return ignored('the referral already has its outcome');
  if (!mayHearBack) return ignored('the consent does not (or no longer) let the practice hear back');
  switch (feedback.type) {
    case 'accepted': {
      if (feedback.by !== referral.toOrg) return ignored('accepted by another organisation than the one referred to');
      if (feedback.fromOrg !== undefined && feedback.fromOrg !== referral.fromOrg) return ignored('the acceptance names another referrer');
      if (referral.status !== 'made') return ignored('the referral was already accepted');
      return updated({ ...referral, status: 'accepted', followedPathwayId: feedback.intoPathwayId ?? feedback.pathwayId });
    }
    case 'declined': {
      if (feedback.by !== referral.toOrg) return ignored('declined by another organisation than the one referred to');
      if (referral.status !== 'made') return ignored('the referral was already accepted');
      return outcome(referral, 'declined', at);
    }
    case 'first-conversation-held':
      if (!isFollowing(referral, feedback.pathwayId) && !(referral.status === 'accepted' && feedback.referralId === referral.referralId)) return ignored('not a pathway the practice follows');
      return outcome(referral, 'first-conversation-held', at);
    case 'pathway-closed':
      // Closed before any first conversation: the resident was not reached.
      if (!isFollowing(referral, feedback.pathwayId)) return ignored('not a pathway the practice follows');
      return outcome(referral, 'no-contact', at);
    case 'pathway-merged':
      if (!isFollowing(referral, feedback.pathwayId)) return ignored('not a pathway the practice follows');
      return updated({ ...referral, followedPathwayId: feedback.intoPathwayId });
  }
}

function isFollowing(referral: Referral, pathwayId: string): boolean {
  return referral.status === 'accepted' && referral.followedPathwayId === pathwayId;
}

function outcome(referral: Referral, value: ReferralOutcome, at: Date): FeedbackDecision {
  return { kind: 'updated', referral: { ...referral, status: 'outcome-received', outcome: value, outcomeAt: at }, outcome: value };
}

function updated(referral: Referral): FeedbackDecision {
  return { kind: 'updated', referral, outcome: null };
}

function ignored(why: string): FeedbackDecision {
  return { kind: 'ignored', why };
}
