import { OidcProviderStub } from './oidc-provider.stub';
import { claimsOf, startPortal, TestBrowser, upstreamEnv, UpstreamStub, type RunningPortal } from './portal.harness';

const PUBLIC_URL = 'http://127.0.0.1:3100';

describe('sign-in with OpenID Connect', () => {
  let provider: OidcProviderStub;
  let upstream: UpstreamStub;
  let portal: RunningPortal;

  beforeAll(async () => {
    provider = await OidcProviderStub.start();
    upstream = await UpstreamStub.start();
    portal = await startPortal({
      ...upstreamEnv(upstream.url),
      PORTAL_PUBLIC_URL: PUBLIC_URL,
      PORTAL_OIDC_ISSUER: provider.issuer,
      PORTAL_OIDC_CLIENT_ID: OidcProviderStub.clientId,
      PORTAL_OIDC_CLIENT_SECRET: OidcProviderStub.clientSecret,
    });
  });
  afterAll(async () => {
    await portal.close();
    await upstream.close();
    await provider.close();
  });
  beforeEach(() => {
    upstream.received.length = 0;
    provider.tokenCalls.length = 0;
    provider.accessTokenSeconds = 3600;
  });

  /** `/auth/login` as a browser follows it: the provider's authorisation URL. */
  async function startLogin(browser: TestBrowser, returnTo: string): Promise<string> {
    const response = await browser.request(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    expect(response.status).toBe(302);
    return response.headers.get('location') ?? '';
  }

  /** The whole sign-in: login, the user approving at the provider, the callback. */
  async function signInWithOidc(browser: TestBrowser, returnTo = '/'): Promise<Response> {
    const { code, request } = provider.approve(await startLogin(browser, returnTo));
    return browser.request(`/auth/callback?code=${code}&state=${encodeURIComponent(request.state)}`);
  }

  it('offers OpenID Connect next to the development sign-in when configured', async () => {
    // given a portal with an OIDC provider
    // when a signed-out browser asks for its session
    const session = await (await fetch(`${portal.url}/auth/session`)).json();

    // then both methods are offered
    expect(session).toEqual({ signedIn: false, methods: { dev: true, oidc: true } });
  });

  it('sends the browser to the provider with PKCE S256, state, nonce and the portal callback, keeping the verifier server-side', async () => {
    // given a signed-out browser
    const browser = new TestBrowser(portal.url);

    // when it starts the sign-in
    const location = await startLogin(browser, '/trajecten');
    const { request } = provider.approve(location);

    // then the provider gets an authorisation-code request with a challenge, and the browser only an opaque key
    expect(location.startsWith(`${provider.issuer}/protocol/openid-connect/auth?`)).toBe(true);
    expect(new URL(location).searchParams.get('response_type')).toBe('code');
    expect(request).toMatchObject({
      clientId: 'portal',
      redirectUri: `${PUBLIC_URL}/auth/callback`,
      scope: 'openid profile offline_access',
      codeChallengeMethod: 'S256',
    });
    expect(request.codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.state.length).toBeGreaterThanOrEqual(32);
    expect(request.nonce.length).toBeGreaterThanOrEqual(32);
    expect([...browser.cookies.keys()]).toEqual(['ketenpad-login']);
    expect(browser.cookies.get('ketenpad-login')).not.toContain(request.state);
    expect(location).not.toContain('code_verifier');
  });

  it('completes the sign-in at the callback: verifier sent, tokens kept server-side, back to returnTo', async () => {
    // given a browser that started a sign-in for /trajecten/p-7
    const browser = new TestBrowser(portal.url);

    // when the provider sends it back with a code
    const callback = await signInWithOidc(browser, '/trajecten/p-7?tab=tijdlijn');

    // then the code was exchanged with the client secret and a PKCE verifier (the stub refuses one not matching the challenge)
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/trajecten/p-7?tab=tijdlijn');
    const exchange = provider.tokenCalls[0]!;
    expect(exchange.grantType).toBe('authorization_code');
    expect(exchange.clientSecret).toBe(OidcProviderStub.clientSecret);
    expect(exchange.form.redirect_uri).toBe(`${PUBLIC_URL}/auth/callback`);
    expect(exchange.form.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    // and the browser holds a session cookie only; the session shows the user from the token's claims
    expect(browser.cookies.has('ketenpad-session')).toBe(true);
    const session = await (await browser.request('/auth/session')).json();
    expect(session).toMatchObject({
      signedIn: true,
      user: {
        subject: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
        organisation: {
          id: 'SW-AMS',
          kind: 'social-work',
          name: 'Maatschappelijk werk Amsterdam',
          municipalityCode: 'GM0363',
        },
        roles: ['social-worker'],
      },
    });
    expect(JSON.stringify(session)).not.toMatch(/eyJ|refresh-/);
    // and calls go out with the provider's access token
    await browser.request('/api/social-work/referrals');
    expect(claimsOf(upstream.received[0]!.headers.authorization)).toMatchObject({
      iss: provider.issuer,
      org_id: 'SW-AMS',
    });
  });

  it('refuses a callback whose state does not match, and one replayed after use', async () => {
    // given a browser that started a sign-in
    const browser = new TestBrowser(portal.url);
    const { code, request } = provider.approve(await startLogin(browser, '/'));
    const pendingCookie = browser.cookieHeader();

    // when the callback comes with another state (a forged or mixed-up response)
    const forged = await browser.request(`/auth/callback?code=${code}&state=forged`);
    // and when the real callback is replayed with the same pending sign-in
    const replayed = await fetch(`${portal.url}/auth/callback?code=${code}&state=${request.state}`, {
      headers: { cookie: pendingCookie },
      redirect: 'manual',
    });

    // then neither creates a session; the pending sign-in was used up by the first attempt
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toBe('/inloggen?fout=mislukt');
    expect(replayed.headers.get('location')).toBe('/inloggen?fout=verlopen');
    expect(browser.cookies.has('ketenpad-session')).toBe(false);
    expect(replayed.headers.getSetCookie()).toEqual([]);
  });

  it.each(['//evil.example/phish', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)'])(
    'refuses the open redirect returnTo=%s and returns to / instead',
    async (returnTo) => {
      // given a sign-in started with a returnTo pointing elsewhere
      const browser = new TestBrowser(portal.url);

      // when the sign-in completes
      const callback = await signInWithOidc(browser, returnTo);

      // then the browser stays on the portal
      expect(callback.status).toBe(302);
      expect(callback.headers.get('location')).toBe('/');
    },
  );

  it('refreshes the access token with the refresh token shortly before it expires', async () => {
    // given a user whose access token lives only a minute
    provider.accessTokenSeconds = 60;
    const browser = new TestBrowser(portal.url);
    await signInWithOidc(browser);
    provider.tokenCalls.length = 0;

    // when the app makes a call
    await browser.request('/api/timeline/caseload');

    // then the portal first used the refresh token, and forwarded the new access token
    expect(provider.tokenCalls.map((call) => call.grantType)).toEqual(['refresh_token']);
    expect(provider.tokenCalls[0]!.form.refresh_token).toMatch(/^refresh-\d+$/);
    const forwarded = claimsOf(upstream.received[0]!.headers.authorization);
    const first = Number(provider.tokenCalls[0]!.form.refresh_token!.replace('refresh-', ''));
    expect(forwarded.token_number).toBe(first + 1);
  });

  it('signs out at the portal and hands the provider end-session URL to the app', async () => {
    // given a user signed in with OIDC
    const browser = new TestBrowser(portal.url);
    await signInWithOidc(browser);
    const { csrfToken } = (await (await browser.request('/auth/session')).json()) as { csrfToken: string };

    // when the user signs out
    const response = await browser.request('/auth/sign-out', {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });

    // then the portal session is gone and the app gets the provider's logout URL with the ID token hint
    expect(response.status).toBe(200);
    const { endSessionUrl } = (await response.json()) as { endSessionUrl: string };
    const url = new URL(endSessionUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${provider.issuer}/protocol/openid-connect/logout`);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/inloggen`);
    expect(url.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    expect(await (await browser.request('/auth/session')).json()).toMatchObject({ signedIn: false });
  });
});
