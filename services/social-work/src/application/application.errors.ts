/**
 * No referral with this id addressed to the caller's organisation.
 * Deliberately the same for "does not exist" and "addressed to another
 * organisation" (no existence leak).
 */
export class ReferralNotFound extends Error {
  override readonly name = 'ReferralNotFound';

  constructor() {
    super('referral not found');
  }
}

/**
 * The pathway is not one the caller's organisation knows: no referral to it
 * and not in its caseload. Same answer whether or not another organisation
 * works on it.
 */
export class PathwayNotFound extends Error {
  override readonly name = 'PathwayNotFound';

  constructor() {
    super('pathway not found');
  }
}
