import type { Phase } from './pathway.codes';

/**
 * The phase rule table of the NVVK reference process. Phases only move
 * forward. A move that a recorded fact stands for is driven by that fact
 * (its command emits the fact plus phase-changed) and is refused by hand, so
 * the generic phase-transitions route can never contradict the facts (e.g. no
 * aflossing without a granted settlement). The manual column is what a
 * counsellor may still do by hand (changePhase) because no fact of its own
 * marks it.
 *
 * | from            | manual `to`             | driven by a fact (command → facts)                                                           |
 * |-----------------|-------------------------|-----------------------------------------------------------------------------------------------|
 * | aanmelding      | —                       | → intake on first-conversation-held                                                           |
 * | intake          | —                       | → plan-van-aanpak on intake-decided toelating; → uitstroom on afwijzing                       |
 * | plan-van-aanpak | stabilisatie, oplossing | → stabilisatie on stabilisation-started; → oplossing on settlement-proposed                   |
 * | stabilisatie    | oplossing               | → oplossing on settlement-proposed; → nazorg on aftercare-started (once stabilisation reached) |
 * | oplossing       | —                       | → aflossing on repayment-started (needs settlement-granted); → nazorg on aftercare-started (no proposal pending) |
 * | aflossing       | —                       | → nazorg on aftercare-started (needs repayment-completed)                                     |
 * | nazorg          | —                       | → uitstroom only through closePathway (needs a DDAS reason)                                   |
 * | uitstroom       | —                       | final                                                                                         |
 * | any but uitstroom | —                     | → uitstroom through closePathway                                                              |
 *
 * Facts that move no phase: plan-of-action-set (set or revised from the plan
 * van aanpak on; the plan says what comes next, and that fact moves the
 * phase), contact-attempted, help-offer-accepted/-declined,
 * crisis-intervention-started/-ended, guidance-started/-ended,
 * debts-inventoried, creditor-responded, settlement-granted/-rejected/-withdrawn
 * (the pathway stays in oplossing: repayment or aftercare follows a grant, a
 * new proposal or closure follows a rejection or withdrawal),
 * stabilisation-reached, repayment-completed and aftercare-ended (closure
 * with reason Afgerond follows).
 * stabilisation-started in stabilisatie (after a manual move) and
 * settlement-proposed in oplossing add no phase change either.
 */
export const MANUAL_PHASE_TRANSITIONS: Readonly<Record<Phase, readonly Phase[]>> = {
  aanmelding: [],
  intake: [],
  'plan-van-aanpak': ['stabilisatie', 'oplossing'],
  stabilisatie: ['oplossing'],
  oplossing: [],
  aflossing: [],
  nazorg: [],
  uitstroom: [],
};

/** Phases reached by a fact from these phases; a manual move there names the command to use instead. */
const FACT_DRIVEN: Partial<Record<Phase, { readonly from: readonly Phase[]; readonly reason: string }>> = {
  aflossing: {
    from: ['oplossing'],
    reason: 'aflossing starts with the repayment of a granted settlement; start the repayment instead',
  },
  nazorg: {
    from: ['stabilisatie', 'oplossing', 'aflossing'],
    reason: 'nazorg starts with the aftercare; start the aftercare instead',
  },
};

/** Why a manual transition from → to is refused, or undefined when it is allowed. */
export function refusedPhaseTransition(from: Phase, to: Phase): string | undefined {
  if (MANUAL_PHASE_TRANSITIONS[from].includes(to)) return undefined;
  if (to === from) return `the pathway is already in phase ${from}`;
  if (to === 'intake') return 'the intake starts when the first conversation is held; record the first conversation instead';
  if (to === 'plan-van-aanpak' && from === 'intake') {
    return 'the plan van aanpak starts with a toelatingsbeschikking; record the intake decision instead';
  }
  if (to === 'uitstroom') return 'uitstroom needs a DDAS uitstroom reason; close the pathway instead';
  const driven = FACT_DRIVEN[to];
  if (driven?.from.includes(from)) return driven.reason;
  const allowed = MANUAL_PHASE_TRANSITIONS[from];
  return allowed.length === 0
    ? `a pathway in phase ${from} cannot be moved to ${to} by hand`
    : `a pathway in phase ${from} can only move to ${allowed.join(' or ')} by hand, not to ${to}`;
}
