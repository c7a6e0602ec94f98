import { DevSignIn } from '../src/auth/dev-sign-in';
import type { OidcClient } from '../src/auth/oidc.client';
import { decodeJwtPayload } from '../src/auth/session-user';
import { PortalSessions } from '../src/session/portal-sessions';
import { clearedSessionCookie, cookiePolicy, readCookie, sessionCookie } from '../src/session/session.cookie';
import { InMemorySessionStore, type Session } from '../src/session/session.store';

const USER: Session['user'] = {
  subject: 'dev:GM0363:counsellor',
  organisation: { id: 'GM0363', kind: 'municipality', name: 'Gemeente Amsterdam', municipalityCode: 'GM0363' },
  roles: ['counsellor'],
};
const TOKENS: Session['tokens'] = { accessToken: 'a.b.c', accessTokenExpiresAt: 0 };

describe('session cookie', () => {
  it('is __Host-ketenpad-session, Secure, HttpOnly, SameSite=Lax on Path=/ in production', () => {
    // given the production policy
    const policy = cookiePolicy('https://portaal.ketenpad.example', true);

    // when the cookie is written
    const cookie = sessionCookie(policy, 'abc');

    // then it has the __Host- prefix rules: Secure, Path=/, no Domain
    expect(cookie).toBe('__Host-ketenpad-session=abc; Path=/; HttpOnly; SameSite=Lax; Secure');
  });

  it('is ketenpad-session without Secure in development over http', () => {
    // given the development policy on http
    const policy = cookiePolicy('http://127.0.0.1:3100', false);

    // when the cookie is written and cleared
    // then it is not Secure (the browser would drop it on http), and clearing expires it at once
    expect(sessionCookie(policy, 'abc')).toBe('ketenpad-session=abc; Path=/; HttpOnly; SameSite=Lax');
    expect(clearedSessionCookie(policy)).toBe('ketenpad-session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });

  it('reads one cookie out of a Cookie header', () => {
    // given a header with several cookies
    const header = 'theme=dark; ketenpad-session=s3ss10n; other=1';

    // when the session cookie is read
    // then only its value comes back, and a missing one is undefined
    expect(readCookie(header, 'ketenpad-session')).toBe('s3ss10n');
    expect(readCookie(header, '__Host-ketenpad-session')).toBeUndefined();
    expect(readCookie(undefined, 'ketenpad-session')).toBeUndefined();
  });
});

describe('in-memory session store', () => {
  const IDLE = 30 * 60_000;
  const MAX = 10 * 60 * 60_000;

  it('gives every session a random 256-bit id and CSRF token', () => {
    // given a store
    const store = new InMemorySessionStore(IDLE, MAX);

    // when two sessions are created
    const a = store.create({ user: USER, tokens: TOKENS, method: 'dev' });
    const b = store.create({ user: USER, tokens: TOKENS, method: 'dev' });

    // then ids and tokens are 32 random bytes and all different
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([a.id, b.id, a.csrfToken, b.csrfToken]).size).toBe(4);
  });

  it('ends a session after 30 idle minutes, and keeps it while it is used', () => {
    // given a session at 09:00
    let now = Date.parse('2026-12-07T09:00:00Z');
    const store = new InMemorySessionStore(IDLE, MAX, () => now);
    const used = store.create({ user: USER, tokens: TOKENS, method: 'dev' });
    const idle = store.create({ user: USER, tokens: TOKENS, method: 'dev' });

    // when one is used every 20 minutes for an hour and the other is not
    for (let i = 0; i < 3; i += 1) {
      now += 20 * 60_000;
      expect(store.find(used.id)).toBeDefined();
    }

    // then the idle one is gone
    expect(store.find(idle.id)).toBeUndefined();
    expect(store.find(used.id)).toBeDefined();
  });

  it('ends a session 10 hours after sign-in however busy it is', () => {
    // given a session used every 10 minutes
    let now = Date.parse('2026-12-07T08:00:00Z');
    const store = new InMemorySessionStore(IDLE, MAX, () => now);
    const session = store.create({ user: USER, tokens: TOKENS, method: 'dev' });
    while (now < Date.parse('2026-12-07T17:50:00Z')) {
      now += 10 * 60_000;
      expect(store.find(session.id)).toBeDefined();
    }

    // when the tenth hour has passed
    now = Date.parse('2026-12-07T18:00:01Z');

    // then it has ended
    expect(store.find(session.id)).toBeUndefined();
  });
});

describe('renewing the access token of a session', () => {
  const IDLE = 30 * 60_000;
  const MAX = 10 * 60 * 60_000;
  const policy = cookiePolicy('http://127.0.0.1:3100', false);

  it('issues a new development token when the current one expires within two minutes', async () => {
    // given a development session whose token runs out in one minute
    const dev = new DevSignIn();
    const store = new InMemorySessionStore(IDLE, MAX);
    const sessions = new PortalSessions(store, policy, dev, null);
    const session = store.create({
      user: USER,
      tokens: { accessToken: 'old.token.value', accessTokenExpiresAt: Date.now() + 60_000 },
      method: 'dev',
    });

    // when a call needs the token
    const renewed = await sessions.withFreshToken(session);

    // then it carries a new token for the same organisation and role, valid for about an hour
    expect(renewed?.tokens.accessToken).not.toBe('old.token.value');
    expect(decodeJwtPayload(renewed!.tokens.accessToken)).toMatchObject({ org_id: 'GM0363', roles: ['counsellor'] });
    expect(renewed!.tokens.accessTokenExpiresAt - Date.now()).toBeGreaterThan(55 * 60_000);
  });

  it('keeps a token that is still valid for longer', async () => {
    // given a session whose token runs for another ten minutes
    const store = new InMemorySessionStore(IDLE, MAX);
    const sessions = new PortalSessions(store, policy, new DevSignIn(), null);
    const tokens = { accessToken: 'still.valid.token', accessTokenExpiresAt: Date.now() + 10 * 60_000 };
    const session = store.create({ user: USER, tokens, method: 'dev' });

    // when a call needs the token
    const same = await sessions.withFreshToken(session);

    // then nothing is renewed
    expect(same?.tokens).toBe(tokens);
  });

  it('ends an OIDC session whose refresh the provider refuses', async () => {
    // given an OIDC session about to expire and a provider that refuses the refresh token
    const store = new InMemorySessionStore(IDLE, MAX);
    const refusing = {
      refresh: () => Promise.reject(new Error('invalid_grant')),
    } as unknown as OidcClient;
    const sessions = new PortalSessions(store, policy, null, refusing);
    const session = store.create({
      user: USER,
      tokens: { accessToken: 'a.b.c', accessTokenExpiresAt: Date.now() + 30_000, refreshToken: 'r' },
      method: 'oidc',
    });

    // when a call needs the token
    const renewed = await sessions.withFreshToken(session);

    // then the session is over: the user signs in again
    expect(renewed).toBeUndefined();
    expect(store.find(session.id)).toBeUndefined();
  });
});
