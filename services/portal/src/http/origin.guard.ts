import { timingSafeEqual } from 'node:crypto';
import type { Session } from '../session/session.store';

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;
/** The two spellings of the local portal's default address. */
const LOCAL_DEFAULTS = ['http://127.0.0.1:3100', 'http://localhost:3100'];

/**
 * Whether a state-changing request comes from the portal's own pages: its
 * `Origin` (or, when a browser sends none, the origin of its `Referer`) must be
 * the portal's public origin. In development also `http://localhost:3100` and
 * the loopback origin the request actually came to (the Vite dev server in
 * front of the portal, tests on a free port). No origin at all is refused.
 */
export function sameOrigin(headers: Headers, publicUrl: string, development: boolean): boolean {
  const origin = header(headers, 'origin') ?? originOf(header(headers, 'referer'));
  if (!origin || origin === 'null') return false;
  if (origin === publicUrl) return true;
  if (!development) return false;
  if (LOCAL_DEFAULTS.includes(origin)) return true;
  const host = header(headers, 'host');
  return LOOPBACK.test(origin) && host !== undefined && origin === `http://${host}`;
}

/** The double-submit check: the `x-csrf-token` header equals the session's token (constant time). */
export function csrfTokenMatches(headers: Headers, session: Session): boolean {
  const sent = header(headers, 'x-csrf-token');
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/** A relative same-origin path to go back to after sign-in; anything else (`//evil`, `https://…`) becomes `/`. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return '/';
  return value.length > 2000 ? '/' : value;
}
