/**
 * No pathway with this id in the caller's municipality. Deliberately the same
 * for "does not exist" and "belongs to another municipality" (no existence leak).
 */
export class PathwayNotFound extends Error {
  override readonly name = 'PathwayNotFound';

  constructor() {
    super('pathway not found');
  }
}

/** No erasure of personal data was requested for this pathway. */
export class ErasureNotRequested extends Error {
  override readonly name = 'ErasureNotRequested';

  constructor() {
    super('no erasure of personal data was requested for this pathway');
  }
}

/**
 * A help request for a resident who already has a pathway in progress in this
 * municipality: the counsellor continues there. The caller is a counsellor of
 * that municipality, so naming the pathway leaks nothing it may not know.
 */
export class ResidentHasOpenPathway extends Error {
  override readonly name = 'ResidentHasOpenPathway';

  constructor(readonly existingPathwayId: string) {
    super(`this resident already has pathway ${existingPathwayId} in progress in this municipality; continue there`);
  }
}
