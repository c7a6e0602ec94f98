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
