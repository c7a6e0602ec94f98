/**
 * No court case for this pathway at the caller's organisation. Deliberately the
 * same for "does not exist", "belongs to another organisation" and "was never
 * referred to you" (no existence leak).
 */
export class CourtCaseNotFound extends Error {
  override readonly name = 'CourtCaseNotFound';

  constructor() {
    super('court case not found');
  }
}

/**
 * No referral with this id addressed to the caller's organisation. Deliberately
 * the same for "does not exist" and "addressed to another organisation", so a
 * referral id cannot be probed across organisations (no existence leak).
 */
export class ReferralNotFound extends Error {
  override readonly name = 'ReferralNotFound';

  constructor() {
    super('referral not found');
  }
}
