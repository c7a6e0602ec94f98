import { randomBytes } from 'node:crypto';

/** The tokens of a signed-in user; they never leave the server. */
export interface SessionTokens {
  accessToken: string;
  /** When the access token expires (ms since epoch). */
  accessTokenExpiresAt: number;
  refreshToken?: string;
  idToken?: string;
}

/** What the app may know of its user (from the verified token's claims). */
export interface SessionUser {
  subject: string;
  organisation: { id: string; kind: string; name: string; municipalityCode?: string };
  roles: string[];
}

export interface Session {
  readonly id: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  lastSeenAt: number;
  user: SessionUser;
  tokens: SessionTokens;
  /** How the user signed in, which decides how the token is renewed. */
  method: 'dev' | 'oidc';
}

/** Where sessions live. */
export interface SessionStore {
  create(init: Pick<Session, 'user' | 'tokens' | 'method'>): Session;
  /** The session if it exists and has not passed its idle or absolute lifetime; touches it. */
  find(id: string): Session | undefined;
  destroy(id: string): void;
}

/** 256 random bits, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Sessions in this process's memory: they do not survive a restart and are not
 * shared between instances (a request on another instance finds no session and
 * the user signs in again). A shared store (PostgreSQL or Redis) behind this
 * port is what scaling the portal out needs.
 */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly idleMs: number,
    private readonly maxMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(init: Pick<Session, 'user' | 'tokens' | 'method'>): Session {
    this.prune();
    const at = this.now();
    const session: Session = { ...init, id: randomToken(), csrfToken: randomToken(), createdAt: at, lastSeenAt: at };
    this.sessions.set(session.id, session);
    return session;
  }

  find(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const at = this.now();
    if (at - session.lastSeenAt > this.idleMs || at - session.createdAt > this.maxMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = at;
    return session;
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  private prune(): void {
    const at = this.now();
    for (const [id, s] of this.sessions)
      if (at - s.lastSeenAt > this.idleMs || at - s.createdAt > this.maxMs) this.sessions.delete(id);
  }
}
