/**
 * No court case for this pathway at the caller's organisation. Deliberately the
 * same for "does not exist" and "belongs to another organisation" (no existence leak).
 */
export class CourtCaseNotFound extends Error {
  override readonly name = 'CourtCaseNotFound';

  constructor() {
    super('court case not found');
  }
}

/** No referral with this id addressed to the caller's organisation (same no-leak rule). */
export class ReferralNotFound extends Error {
  override readonly name = 'ReferralNotFound';

  constructor() {
    super('referral not found');
  }
}

/**
 * The referral exists but is addressed to another organisation: 409 (issue 3).
 * Referral ids are random UUIDs, so the caller learns nothing it did not hold.
 */
export class ReferralNotAddressedToYou extends Error {
  override readonly name = 'ReferralNotAddressedToYou';

  constructor() {
    super('the referral is not addressed to your organisation');
  }
}
