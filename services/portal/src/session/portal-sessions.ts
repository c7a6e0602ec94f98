import { expiryOf } from '../auth/session-user';
import type { DevSignIn } from '../auth/dev-sign-in';
import type { OidcClient } from '../auth/oidc.client';
import { readCookie, type CookiePolicy } from './session.cookie';
import type { Session, SessionStore } from './session.store';

/** Renew an access token this long before it expires, so no forwarded call carries an expiring one. */
const RENEW_BEFORE_MS = 2 * 60_000;

/**
 * The signed-in user's session for a request, with an access token that is
 * valid for the call about to be forwarded: renewed shortly before expiry (a new
 * development token, or the OIDC refresh-token grant). A session whose token
 * cannot be renewed ends.
 */
export class PortalSessions {
  constructor(
    private readonly store: SessionStore,
    readonly cookie: CookiePolicy,
    private readonly dev: DevSignIn | null,
    private readonly oidc: OidcClient | null,
  ) {}

  of(cookieHeader: string | undefined): Session | undefined {
    const id = readCookie(cookieHeader, this.cookie.name);
    return id ? this.store.find(id) : undefined;
  }

  async withFreshToken(session: Session): Promise<Session | undefined> {
    if (session.tokens.accessTokenExpiresAt - Date.now() > RENEW_BEFORE_MS) return session;
    try {
      if (session.method === 'dev' && this.dev) {
        const token = await this.dev.token(session.user.organisation.id, session.user.roles[0]);
        session.tokens = { accessToken: token, accessTokenExpiresAt: expiryOf(token, 60 * 60_000) };
        return session;
      }
      if (session.method === 'oidc' && this.oidc && session.tokens.refreshToken) {
        const tokens = await this.oidc.refresh(session.tokens.refreshToken);
        session.tokens = {
          accessToken: tokens.accessToken,
          accessTokenExpiresAt: tokens.expiresInSeconds
            ? Date.now() + tokens.expiresInSeconds * 1000
            : expiryOf(tokens.accessToken, 5 * 60_000),
          refreshToken: tokens.refreshToken ?? session.tokens.refreshToken,
          ...(session.tokens.idToken ? { idToken: session.tokens.idToken } : {}),
        };
        return session;
      }
    } catch {
      // fall through: the session cannot continue
    }
    this.store.destroy(session.id);
    return undefined;
  }

  create(init: Pick<Session, 'user' | 'tokens' | 'method'>): Session {
    return this.store.create(init);
  }

  destroy(session: Session): void {
    this.store.destroy(session.id);
  }
}
