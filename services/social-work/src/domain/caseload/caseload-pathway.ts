import { DomainRuleViolation } from '../domain-rule-violation';
import type { SupportKind, SupportOutcome, Threat } from '../social-work.codes';
import type { SupportEnded, SupportStarted, UrgentSituationFlagged } from '../social-work.events';

/**
 * A pathway in a social-work organisation's caseload: one it accepted a
 * referral for, or opened itself by referring a resident onward. Support and
 * urgent situations are recorded only on these.
 */
export interface CaseloadPathway {
  /** The social-work organisation (URN). */
  readonly organisation: string;
  readonly pathwayId: string;
  /** Kinds of support running now, each at most once. */
  readonly activeSupport: readonly SupportKind[];
}

export type CaseloadEvent = SupportStarted | SupportEnded | UrgentSituationFlagged;

export function startSupport(pathway: CaseloadPathway, kind: SupportKind, at: Date): [SupportStarted] {
  if (pathway.activeSupport.includes(kind)) throw new DomainRuleViolation(`${kind} support already runs on this pathway`);
  return [{ type: 'support-started', pathwayId: pathway.pathwayId, data: { kind, at: at.toISOString() } }];
}

export function endSupport(pathway: CaseloadPathway, kind: SupportKind, outcome: SupportOutcome, at: Date): [SupportEnded] {
  if (!pathway.activeSupport.includes(kind)) throw new DomainRuleViolation(`no ${kind} support runs on this pathway`);
  return [{ type: 'support-ended', pathwayId: pathway.pathwayId, data: { kind, outcome, at: at.toISOString() } }];
}

/**
 * Flags a threat (eviction, cut-off, end of health insurance) so the
 * municipality shortens its Wgs deadline. `dueBy` is a calendar date
 * (YYYY-MM-DD) the adapter has checked is not in the past.
 */
export function flagUrgentSituation(pathway: CaseloadPathway, threat: Threat, dueBy: string, at: Date): [UrgentSituationFlagged] {
  return [{ type: 'urgent-situation-flagged', pathwayId: pathway.pathwayId, data: { threat, dueBy, at: at.toISOString() } }];
}

export function evolveCaseload(pathway: CaseloadPathway, event: CaseloadEvent): CaseloadPathway {
  switch (event.type) {
    case 'support-started':
      return { ...pathway, activeSupport: [...pathway.activeSupport, event.data.kind] };
    case 'support-ended':
      return { ...pathway, activeSupport: pathway.activeSupport.filter((kind) => kind !== event.data.kind) };
    case 'urgent-situation-flagged':
      return pathway;
  }
}
