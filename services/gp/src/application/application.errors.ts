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

/**
 * The pathway is not one whose access log the caller may read here: unknown to
 * the practices, or the caller is not its responsible municipality (no existence leak).
 */
export class PathwayNotFound extends Error {
  override readonly name = 'PathwayNotFound';

  constructor() {
    super('pathway not found');
  }
}
