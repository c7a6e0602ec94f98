import type { Phase } from './pathway.codes';

/**
 * Which phases a counsellor may move a pathway to by hand (changePhase).
 * Only forward along the NVVK reference process; a step may be skipped only
 * where the process allows it. Some transitions are not manual at all,
 * because a fact drives them:
 *
 * | from            | manual `to`             | driven by a fact                                       |
 * |-----------------|-------------------------|--------------------------------------------------------|
 * | aanmelding      | —                       | → intake on first-conversation-held                    |
 * | intake          | —                       | → plan-van-aanpak on toelating, → uitstroom on afwijzing |
 * | plan-van-aanpak | stabilisatie, oplossing | oplossing directly when income and costs already balance |
 * | stabilisatie    | oplossing, nazorg       | nazorg when stabilisation alone solved the problem (no settlement needed) |
 * | oplossing       | aflossing, nazorg       | nazorg when the solution has no repayment period (e.g. 0%-aanbod paid at once) |
 * | aflossing       | nazorg                  | (repayment period: 18 months since 1 July 2023)        |
 * | nazorg          | —                       | → uitstroom only through closePathway (needs a DDAS reason) |
 * | uitstroom       | —                       | final                                                   |
 */
export const MANUAL_PHASE_TRANSITIONS: Readonly<Record<Phase, readonly Phase[]>> = {
  aanmelding: [],
  intake: [],
  'plan-van-aanpak': ['stabilisatie', 'oplossing'],
  stabilisatie: ['oplossing', 'nazorg'],
  oplossing: ['aflossing', 'nazorg'],
  aflossing: ['nazorg'],
  nazorg: [],
  uitstroom: [],
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
  const allowed = MANUAL_PHASE_TRANSITIONS[from];
  return allowed.length === 0
    ? `a pathway in phase ${from} cannot be moved to ${to} by hand`
    : `a pathway in phase ${from} can only move to ${allowed.join(' or ')}, not to ${to}`;
}
