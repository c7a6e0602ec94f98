import type { PathwayState } from '../pathway/pathway.state';

/**
 * Why the resident of a pathway cannot be set (or changed) now, or undefined
 * when it can. A pathway opened by a referral gets its resident at the first
 * conversation; one resident has at most one pathway in progress per
 * municipality, so a BSN that already belongs to another open pathway is refused.
 *
 * @param otherOpenPathwayId the open pathway this BSN already belongs to in the
 *   same municipality, if any (found through the blind index)
 */
export function refusedResidentChange(state: PathwayState, otherOpenPathwayId: string | undefined): string | undefined {
  if (state.status === 'closed') return 'the pathway was closed; its resident can no longer be changed';
  if (otherOpenPathwayId !== undefined && otherOpenPathwayId !== state.pathwayId) {
    return `this resident already has pathway ${otherOpenPathwayId} in progress in this municipality; continue there`;
  }
  return undefined;
}
