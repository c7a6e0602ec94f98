import {
  claimsOf,
  deadUrl,
  rawGet,
  respondWithPath,
  startPortal,
  TestBrowser,
  upstreamEnv,
  UpstreamStub,
  type RunningPortal,
} from './portal.harness';

describe('portal sessions and the API proxy', () => {
  let upstream: UpstreamStub;
  let portal: RunningPortal;

  beforeAll(async () => {
    upstream = await UpstreamStub.start();
    portal = await startPortal({ ...upstreamEnv(upstream.url, { gp: await deadUrl() }) });
  });
  afterAll(async () => {
    await portal.close();
    await upstream.close();
  });
  beforeEach(() => {
    upstream.received.length = 0;
    upstream.handler = respondWithPath;
  });

  it('answers signed out with the available sign-in methods before sign-in', async () => {
    // given a browser without a session
    const browser = new TestBrowser(portal.url);

    // when it asks for its session
    const response = await browser.request('/auth/session');

    // then it is signed out, and only the development sign-in is offered
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ signedIn: false, methods: { dev: true, oidc: false } });
  });

  it('lists the development organisations with the roles that fit each kind', async () => {
    // given a browser
    const browser = new TestBrowser(portal.url);

    // when it lists the development organisations
    const organisations = (await (await browser.request('/auth/dev/organisations')).json()) as Array<{
      id: string;
      kind: string;
      roles: string[];
    }>;

    // then every kind carries its own roles
    expect(organisations.find((o) => o.id === 'GM0363')).toMatchObject({
      kind: 'municipality',
      roles: ['counsellor', 'admin'],
    });
    expect(organisations.find((o) => o.id === 'SW-AMS')).toMatchObject({
      kind: 'social-work',
      roles: ['social-worker'],
    });
    expect(organisations.find((o) => o.id === 'KR-001')).toMatchObject({ kind: 'coordinator', roles: ['coordinator'] });
  });

  it('signs in with the development sign-in: an HttpOnly SameSite=Lax cookie and the user in the session', async () => {
    // given a browser on the portal's own pages
    const browser = new TestBrowser(portal.url);

    // when it signs in as a counsellor of Amsterdam
    const response = await browser.request('/auth/dev/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orgId: 'GM0363', role: 'counsellor' }),
    });

    // then the session cookie is set for scripts to never read, and not Secure over http in development
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('ketenpad-session='));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie!.split(';')[0]!.split('=')[1]).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    const answer = (await response.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({
      signedIn: true,
      user: {
        subject: 'dev:GM0363:counsellor',
        organisation: { id: 'GM0363', kind: 'municipality', name: 'Gemeente Amsterdam', municipalityCode: 'GM0363' },
        roles: ['counsellor'],
      },
    });
    expect(typeof answer.csrfToken).toBe('string');
    expect(new Date(answer.expiresAt as string).getTime()).toBeGreaterThan(Date.now());
    // and the session endpoint now answers the same, without any token
    const session = await (await browser.request('/auth/session')).json();
    expect(session).toEqual(answer);
    expect(JSON.stringify(session)).not.toMatch(/eyJ/);
  });

  it('refuses a development sign-in for an unknown organisation or a role that does not fit, with field messages', async () => {
    // given a browser
    const browser = new TestBrowser(portal.url);

    // when it signs in with an unknown organisation, and with a GP role for a municipality
    const unknown = await browser.request('/auth/dev/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orgId: 'NOPE', role: 'counsellor' }),
    });
    const wrongRole = await browser.request('/auth/dev/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orgId: 'GM0363', role: 'gp' }),
    });

    // then both are 400 naming the field, and no cookie is set
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { fields: Record<string, string[]> }).fields.orgId).toHaveLength(1);
    expect(wrongRole.status).toBe(400);
    expect(((await wrongRole.json()) as { fields: Record<string, string[]> }).fields.role).toHaveLength(1);
    expect(browser.cookies.size).toBe(0);
  });

  it('forwards a call with the session bearer token, the query and the purpose, and never the cookie', async () => {
    // given a signed-in counsellor
    const browser = new TestBrowser(portal.url);
    await browser.signIn('GM0363', 'counsellor');

    // when the app reads a pathway through the portal
    const response = await browser.request('/api/municipality/pathways/p-1?include=events&x=1', {
      headers: { accept: 'application/json', 'x-ketenpad-purpose': 'case-handling', 'x-correlation-id': 'corr-1' },
    });

    // then the municipality received the call on /api/v1 with the user's token and nothing of the browser's session
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: '/api/v1/pathways/p-1' });
    expect(response.headers.get('x-correlation-id')).toBe('from-upstream');
    expect(upstream.received).toHaveLength(1);
    const received = upstream.received[0]!;
    expect(received.path).toBe('/api/v1/pathways/p-1');
    expect(received.query).toBe('?include=events&x=1');
    expect(received.headers.authorization).toMatch(/^Bearer ey/);
    expect(claimsOf(received.headers.authorization)).toMatchObject({ org_id: 'GM0363', roles: ['counsellor'] });
    expect(received.headers['x-ketenpad-purpose']).toBe('case-handling');
    expect(received.headers['x-correlation-id']).toBe('corr-1');
    expect(received.headers.cookie).toBeUndefined();
    expect(received.headers['x-csrf-token']).toBeUndefined();
  });

  it('forwards a same-origin POST with the CSRF token, body and content type, and passes the answer back as it is', async () => {
    // given a signed-in counsellor and a service that refuses the body
    const browser = new TestBrowser(portal.url);
    const { csrfToken } = await browser.signIn();
    upstream.handler = (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json', 'retry-after': '3', 'set-cookie': 'tracker=1' });
      res.end(JSON.stringify({ statusCode: 400, message: ['reason must not be empty'] }));
    };

    // when the app posts a command
    const response = await browser.request('/api/municipality/pathways', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify({ reason: '' }),
    });

    // then the service got the body, and its 400 reaches the app with the relevant headers only
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ statusCode: 400, message: ['reason must not be empty'] });
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(upstream.received[0]).toMatchObject({ method: 'POST', path: '/api/v1/pathways', body: '{"reason":""}' });
    expect(upstream.received[0]!.headers['content-type']).toBe('application/json');
  });

  it('answers 401 to an API call without a session and forwards nothing', async () => {
    // given a browser that never signed in
    const browser = new TestBrowser(portal.url);

    // when it calls a service
    const response = await browser.request('/api/timeline/caseload');

    // then it is told to sign in and no service was called
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthenticated' });
    expect(upstream.received).toHaveLength(0);
  });

  it('answers 404 for a service the portal does not know and for paths that would leave /api/v1', async () => {
    // given a signed-in user
    const browser = new TestBrowser(portal.url);
    await browser.signIn();

    // when the app names an unknown service, or climbs out of the service's API
    const unknown = await browser.request('/api/payroll/salaries');
    const climbing = await rawGet(portal.url, '/api/municipality/%2e%2e/%2e%2e/metrics', {
      cookie: browser.cookieHeader(),
    });
    const climbingPlain = await rawGet(portal.url, '/api/municipality/pathways/../../../metrics', {
      cookie: browser.cookieHeader(),
    });

    // then both are 404 and nothing was forwarded
    expect(unknown.status).toBe(404);
    expect(climbing.status).toBe(404);
    expect(climbingPlain.status).toBe(404);
    expect(upstream.received).toHaveLength(0);
  });

  it('answers 502 service-unavailable when a service cannot be reached', async () => {
    // given a signed-in GP whose service is down
    const browser = new TestBrowser(portal.url);
    await browser.signIn('HA-0001', 'gp');

    // when the app calls it
    const response = await browser.request('/api/gp/patients/signals');

    // then the app learns which service is down
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ error: 'service-unavailable', service: 'gp' });
  });

  it('refuses a body over 64 kB with 413 before forwarding', async () => {
    // given a signed-in user
    const browser = new TestBrowser(portal.url);
    const { csrfToken } = await browser.signIn();

    // when the app posts 65 kB
    const response = await browser.request('/api/municipality/pathways', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify({ note: 'x'.repeat(65 * 1024) }),
    });

    // then it is refused and the service saw nothing
    expect(response.status).toBe(413);
    expect(upstream.received).toHaveLength(0);
  });

  it('ends the session at sign-out: the old cookie gets 401 afterwards', async () => {
    // given a signed-in user whose cookie an attacker copied
    const browser = new TestBrowser(portal.url);
    const { csrfToken } = await browser.signIn();
    const oldCookie = browser.cookieHeader();

    // when the user signs out
    const response = await browser.request('/auth/sign-out', {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });

    // then the cookie is cleared, and the copied cookie no longer works anywhere
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().join()).toMatch(/ketenpad-session=; .*Max-Age=0/);
    const replay = await fetch(`${portal.url}/api/municipality/pathways`, { headers: { cookie: oldCookie } });
    expect(replay.status).toBe(401);
    const session = await (await fetch(`${portal.url}/auth/session`, { headers: { cookie: oldCookie } })).json();
    expect(session).toMatchObject({ signedIn: false });
    expect(upstream.received).toHaveLength(0);
  });

  it('gives a new session id at every sign-in and ends the previous one', async () => {
    // given a signed-in browser
    const browser = new TestBrowser(portal.url);
    await browser.signIn('GM0363', 'counsellor');
    const first = browser.cookieHeader();

    // when it signs in again as someone else
    await browser.signIn('SW-AMS', 'social-worker');

    // then the cookie changed and the first session is gone
    expect(browser.cookieHeader()).not.toBe(first);
    const old = await (await fetch(`${portal.url}/auth/session`, { headers: { cookie: first } })).json();
    expect(old).toMatchObject({ signedIn: false });
  });

  it('reports itself up on /health with each service summarised, and serves metrics', async () => {
    // given the portal with the GP service down
    // when health and metrics are asked for
    const health = await fetch(`${portal.url}/health`);
    const metrics = await fetch(`${portal.url}/metrics`);

    // then the portal is up whatever its services do
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; upstreams: Record<string, string> };
    expect(body.status).toBe('up');
    expect(body.upstreams.gp).toBe('down');
    expect(Object.keys(body.upstreams)).toHaveLength(6);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/process_cpu_user_seconds_total/);
  });
});
