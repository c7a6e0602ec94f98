import { startPortal, TestBrowser, upstreamEnv, UpstreamStub, type RunningPortal } from './portal.harness';

const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  PORTAL_PUBLIC_URL: 'https://portaal.ketenpad.example',
  PORTAL_OIDC_ISSUER: 'https://login.ketenpad.example/realms/ketenpad',
  PORTAL_OIDC_CLIENT_ID: 'portal',
  PORTAL_OIDC_CLIENT_SECRET: 'not-a-real-secret',
};

describe('portal security', () => {
  let upstream: UpstreamStub;
  let portal: RunningPortal;

  beforeAll(async () => {
    upstream = await UpstreamStub.start();
    portal = await startPortal({ ...upstreamEnv(upstream.url), PORTAL_SIGN_IN_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await portal.close();
    await upstream.close();
  });
  beforeEach(() => {
    upstream.received.length = 0;
  });

  describe('cross-site request forgery', () => {
    it('refuses a cross-origin POST with 403 even with the right CSRF token, and forwards nothing', async () => {
      // given a signed-in user whose browser also has a malicious site open
      const browser = new TestBrowser(portal.url);
      const { csrfToken } = await browser.signIn();

      // when that site posts to the portal (the browser adds the cookie and the site's Origin)
      const response = await browser.request('/api/municipality/pathways', {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: '{}',
      });

      // then it is refused and the municipality never heard of it
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: 'csrf' });
      expect(upstream.received).toHaveLength(0);
    });

    it('refuses a same-origin POST without the x-csrf-token header, or with a wrong one', async () => {
      // given a signed-in user
      const browser = new TestBrowser(portal.url);
      const { csrfToken } = await browser.signIn();

      // when a POST comes without the token, and with another token of the same length
      const without = await browser.request('/api/municipality/pathways', { method: 'POST', body: '{}' });
      const wrong = await browser.request('/api/municipality/pathways', {
        method: 'DELETE',
        headers: { 'x-csrf-token': csrfToken.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) },
      });

      // then both are refused with 403 csrf and nothing is forwarded
      expect(without.status).toBe(403);
      expect(await without.json()).toMatchObject({ error: 'csrf' });
      expect(wrong.status).toBe(403);
      expect(upstream.received).toHaveLength(0);
    });

    it('refuses a POST without Origin or Referer, and accepts a same-origin Referer when Origin is missing', async () => {
      // given a signed-in user
      const browser = new TestBrowser(portal.url);
      const { csrfToken } = await browser.signIn();
      const headers = { 'x-csrf-token': csrfToken, cookie: browser.cookieHeader() };

      // when a POST carries neither header, and one carries only a Referer of the portal's own page
      const bare = await fetch(`${portal.url}/api/timeline/pathways/p-1/acknowledge`, { method: 'POST', headers });
      const referred = await fetch(`${portal.url}/api/timeline/pathways/p-1/acknowledge`, {
        method: 'POST',
        headers: { ...headers, referer: `${portal.url}/trajecten/p-1` },
      });

      // then the first is refused, the second reaches the timeline
      expect(bare.status).toBe(403);
      expect(referred.status).toBe(200);
      expect(upstream.received.map((r) => r.path)).toEqual(['/api/v1/pathways/p-1/acknowledge']);
    });

    it('refuses a development sign-in from another origin', async () => {
      // given a malicious site
      const browser = new TestBrowser(portal.url, 'https://evil.example');

      // when it posts a sign-in (login CSRF)
      const response = await browser.request('/auth/dev/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orgId: 'GM0363', role: 'counsellor' }),
      });

      // then no session is created
      expect(response.status).toBe(403);
      expect(browser.cookies.size).toBe(0);
    });

    it('refuses a sign-out without the CSRF token, and the session stays', async () => {
      // given a signed-in user
      const browser = new TestBrowser(portal.url);
      await browser.signIn();

      // when a sign-out arrives without the token
      const response = await browser.request('/auth/sign-out', { method: 'POST' });

      // then it is refused and the user is still signed in
      expect(response.status).toBe(403);
      expect(await (await browser.request('/auth/session')).json()).toMatchObject({ signedIn: true });
    });
  });

  describe('security headers', () => {
    it.each(['/auth/session', '/api/municipality/pathways', '/health', '/no-such-page'])(
      'sets the security headers and a CSP without inline scripts on %s',
      async (path) => {
        // given the running portal
        // when any path is requested
        const response = await fetch(`${portal.url}${path}`);

        // then every security header is there and nothing tells which framework runs
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        const scriptSrc = csp.split(';').find((directive) => directive.trim().startsWith('script-src'));
        expect(scriptSrc?.trim()).toBe("script-src 'self'");
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('referrer-policy')).toBe('same-origin');
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=()');
        expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(response.headers.get('x-powered-by')).toBeNull();
        expect(response.headers.get('strict-transport-security')).toBeNull(); // plain http in development
      },
    );
  });

  describe('sign-in rate limit', () => {
    it('answers 429 with Retry-After once an address has used its sign-in attempts', async () => {
      // given a portal allowing 2 sign-in attempts a minute
      const limited = await startPortal({ ...upstreamEnv(upstream.url), PORTAL_SIGN_IN_PER_MINUTE: '2' });
      try {
        const browser = new TestBrowser(limited.url);
        const attempt = () =>
          browser.request('/auth/dev/sign-in', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ orgId: 'NOPE', role: 'counsellor' }),
          });

        // when the same address tries three times
        const statuses = [(await attempt()).status, (await attempt()).status];
        const third = await attempt();

        // then the third is refused until the bucket refills
        expect(statuses).toEqual([400, 400]);
        expect(third.status).toBe(429);
        expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await limited.close();
      }
    });
  });

  describe('health under a flood', () => {
    it('probes each service at most once a second, however many callers ask', async () => {
      // given a portal nobody asked for its health yet
      const fresh = await startPortal(upstreamEnv(upstream.url));
      try {
        // when twenty callers ask for /health at once
        const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${fresh.url}/health`)));
        const bodies = (await Promise.all(answers.map((a) => a.json()))) as { upstreams: Record<string, string> }[];

        // then all got the services' state, and each of the six services was probed once, not twenty times
        expect(bodies.every((b) => Object.keys(b.upstreams).length === 6)).toBe(true);
        expect(upstream.received.filter((r) => r.path === '/health')).toHaveLength(6);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('production', () => {
    let production: RunningPortal;

    beforeAll(async () => {
      production = await startPortal({ ...upstreamEnv(upstream.url), ...PRODUCTION_ENV });
    });
    afterAll(async () => {
      await production.close();
    });

    it('does not offer the development sign-in with NODE_ENV=production', async () => {
      // given the portal configured for production (OIDC configured)
      const browser = new TestBrowser(production.url, PRODUCTION_ENV.PORTAL_PUBLIC_URL);

      // when the development sign-in is asked for
      const session = await (await browser.request('/auth/session')).json();
      const organisations = await browser.request('/auth/dev/organisations');
      const signIn = await browser.request('/auth/dev/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orgId: 'GM0363', role: 'counsellor' }),
      });

      // then it does not exist there, only OpenID Connect does
      expect(session).toEqual({ signedIn: false, methods: { dev: false, oidc: true } });
      expect(organisations.status).toBe(404);
      expect(signIn.status).toBe(404);
      expect(browser.cookies.size).toBe(0);
    });

    it('tells an anonymous caller of /health only that it is up, without probing the services', async () => {
      // when /health is asked for ten times
      const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(`${production.url}/health`)));

      // then each says only up, and no service was asked anything
      for (const answer of answers) expect(await answer.json()).toEqual({ status: 'up', service: 'portal' });
      expect(upstream.received.filter((r) => r.path === '/health')).toEqual([]);
    });

    it('serves no /metrics in production without a scrape token, and with one only to the scraper', async () => {
      // given the production portal without METRICS_TOKEN, and one with it
      const token = 'scrape-token-of-at-least-32-characters-long';
      const scraped = await startPortal({ ...upstreamEnv(upstream.url), ...PRODUCTION_ENV, METRICS_TOKEN: token });
      try {
        // when metrics are asked for, anonymously and with the token
        const withoutToken = await fetch(`${production.url}/metrics`);
        const anonymous = await fetch(`${scraped.url}/metrics`);
        const wrongToken = await fetch(`${scraped.url}/metrics`, { headers: { authorization: `Bearer ${token}x` } });
        const scraper = await fetch(`${scraped.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });

        // then only the scraper gets them
        expect([withoutToken.status, anonymous.status, wrongToken.status, scraper.status]).toEqual([
          404, 401, 401, 200,
        ]);
        expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        expect(await scraper.text()).toMatch(/^# HELP /m);
      } finally {
        await scraped.close();
      }
    });

    it('sends Strict-Transport-Security in production', async () => {
      // given the production portal
      // when anything is requested
      const response = await fetch(`${production.url}/health`);

      // then browsers are told to use https only
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    });
  });

  describe('session cookie over https', () => {
    it('names the cookie __Host-ketenpad-session and marks it Secure when the portal is served over https', async () => {
      // given a portal whose public URL is https (behind a TLS proxy), development sign-in still on
      const publicUrl = 'https://portaal.test.example';
      const https = await startPortal({ ...upstreamEnv(upstream.url), PORTAL_PUBLIC_URL: publicUrl });
      try {
        const browser = new TestBrowser(https.url, publicUrl);

        // when a user signs in from that origin
        await browser.signIn();
        const response = await browser.request('/auth/session');

        // then the cookie has the __Host- prefix, Secure, HttpOnly and SameSite=Lax, on Path=/ without Domain
        expect(browser.cookies.has('__Host-ketenpad-session')).toBe(true);
        expect(await response.json()).toMatchObject({ signedIn: true });
        const signIn = await fetch(`${https.url}/auth/dev/sign-in`, {
          method: 'POST',
          headers: { origin: publicUrl, 'content-type': 'application/json' },
          body: JSON.stringify({ orgId: 'KR-001', role: 'coordinator' }),
        });
        const cookie = signIn.headers.getSetCookie()[0] ?? '';
        expect(cookie).toMatch(/^__Host-ketenpad-session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
      } finally {
        await https.close();
      }
    });
  });
});
