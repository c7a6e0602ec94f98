import { DomainRuleViolation } from '../domain-rule-violation';
import type { ReferralReason } from '../social-work.codes';
import type { ReferralMade } from '../social-work.events';

/** Social work refers the resident of one of its pathways onward, e.g. to the municipality for debt assistance. */
export interface MakeReferral {
  readonly referralId: string;
  readonly pathwayId: string;
  /** The referring social-work organisation (URN). */
  readonly fromOrg: string;
  readonly toOrg: string;
  readonly reason: ReferralReason;
  readonly urgent: boolean;
  readonly warm: boolean;
  readonly at: Date;
  /** Consent record the referral rests on, if any. */
  readonly consentRef?: string;
  /** Keyed pseudonym of the resident, never the BSN itself. */
  readonly residentPseudonym?: string;
}

export function makeReferral(command: MakeReferral): [ReferralMade] {
  if (command.toOrg === command.fromOrg) throw new DomainRuleViolation('an organisation cannot refer to itself');
  return [
    {
      type: 'referral-made',
      pathwayId: command.pathwayId,
      data: {
        referralId: command.referralId,
        fromOrg: command.fromOrg,
        toOrg: command.toOrg,
        reason: command.reason,
        urgent: command.urgent,
        warm: command.warm,
        at: command.at.toISOString(),
        ...(command.consentRef !== undefined ? { consentRef: command.consentRef } : {}),
        ...(command.residentPseudonym !== undefined ? { residentPseudonym: command.residentPseudonym } : {}),
      },
    },
  ];
}
