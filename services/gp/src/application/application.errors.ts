/**
 * No consent with this id at the caller's practice. Deliberately the same for
 * "does not exist" and "belongs to another practice" (no existence leak).
 */
export class ConsentNotFound extends Error {
  override readonly name = 'ConsentNotFound';

  constructor() {
    super('consent not found');
  }
}

/** No referral with this id at the caller's practice (same for unknown and foreign). */
export class ReferralNotFound extends Error {
  override readonly name = 'ReferralNotFound';

  constructor() {
    super('referral not found');
  }
}
