import type { AccessLogRecord } from '@ketenpad/platform';

/** The caller's own credentials, passed on unchanged: another service decides by the same principal. */
export interface CallerCredentials {
  /** The request's `Authorization` header (`Bearer …`). */
  readonly authorization: string;
  /** The purpose stated for the read, passed on as `x-ketenpad-purpose`. */
  readonly purpose: string;
}

/** What one service answered for a pathway's access log. */
export type AccessLogSourceAnswer =
  /** Its rows; none when it never held anything of the pathway (it answered 404). */
  | { readonly kind: 'rows'; readonly rows: readonly AccessLogRecord[] }
  /** Down, too slow, refused the caller or answered nonsense: the chain's answer is incomplete. */
  | { readonly kind: 'unavailable'; readonly reason: string };

/**
 * The other services' access logs (`GET /api/v1/pathways/:id/access-log` on
 * each). Implemented by adapters/http-client/http-access-log.sources.ts.
 */
export abstract class AccessLogSources {
  /** The services asked, in order (names as they appear in the answer, e.g. `social-work`). */
  abstract services(): readonly string[];

  /** Never rejects: whatever goes wrong is an `unavailable` answer. */
  abstract rowsOf(service: string, pathwayId: string, caller: CallerCredentials): Promise<AccessLogSourceAnswer>;
}
