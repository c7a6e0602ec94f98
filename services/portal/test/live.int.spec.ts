import {
  claimsOf,
  deadUrl,
  startPortal,
  TestBrowser,
  upstreamEnv,
  UpstreamStub,
  waitUntil,
  type RunningPortal,
} from './portal.harness';

const EVENT = 'event: pathway-changed\ndata: {"pathwayId":"p-1","at":"2026-12-05T10:00:00.000Z"}\n\n';

describe('live updates relayed from the timeline', () => {
  let timeline: UpstreamStub;
  let portal: RunningPortal;
  /** Upstream streams of the current test that have closed (a fresh counter per test: earlier streams close late). */
  let upstream: { closed: number };

  beforeAll(async () => {
    timeline = await UpstreamStub.start();
    portal = await startPortal(upstreamEnv(timeline.url));
  });
  afterAll(async () => {
    await portal.close();
    await timeline.close();
  });
  beforeEach(() => {
    timeline.received.length = 0;
    const current = { closed: 0 };
    upstream = current;
    // The timeline's stream: a heartbeat comment, one change, then it stays open.
    timeline.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': heartbeat\n\n');
      res.write(EVENT);
      res.on('close', () => (current.closed += 1));
    };
  });

  it('passes the timeline events through unchanged with event-stream headers and the user token', async () => {
    // given a signed-in counsellor
    const browser = new TestBrowser(portal.url);
    await browser.signIn('GM0363', 'counsellor');
    const abort = new AbortController();

    // when the app opens the live stream for one pathway
    const response = await fetch(`${portal.url}/api/live?pathwayId=p-1`, {
      headers: { cookie: browser.cookieHeader(), accept: 'text/event-stream' },
      signal: abort.signal,
    });
    const text = await readUntil(response, 'pathway-changed');
    abort.abort();

    // then the bytes arrive as the timeline sent them, and the timeline saw the user's token and the filter
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toMatch(/no-cache/);
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(text).toBe(`: heartbeat\n\n${EVENT}`);
    expect(timeline.received[0]).toMatchObject({ path: '/api/v1/stream', query: '?pathwayId=p-1' });
    expect(claimsOf(timeline.received[0]!.headers.authorization)).toMatchObject({ org_id: 'GM0363' });
    expect(timeline.received[0]!.headers.cookie).toBeUndefined();
  });

  it('closes the upstream stream when the browser disconnects', async () => {
    // given a signed-in user with the live stream open
    const browser = new TestBrowser(portal.url);
    await browser.signIn('KR-001', 'coordinator');
    const abort = new AbortController();
    const response = await fetch(`${portal.url}/api/live`, {
      headers: { cookie: browser.cookieHeader() },
      signal: abort.signal,
    });
    await readUntil(response, 'pathway-changed');
    expect(upstream.closed).toBe(0);

    // when the browser goes away
    abort.abort();

    // then the portal lets go of the timeline stream too
    await waitUntil(() => upstream.closed === 1, 'the upstream stream to close');
  });

  it('answers 401 to the live stream without a session and opens nothing upstream', async () => {
    // given a browser without a session
    // when it opens the live stream
    const response = await fetch(`${portal.url}/api/live`);

    // then it is refused and the timeline was not called
    expect(response.status).toBe(401);
    expect(timeline.received).toHaveLength(0);
  });

  it('passes a refusal of the timeline back as it is', async () => {
    // given a signed-in user the timeline refuses
    const browser = new TestBrowser(portal.url);
    await browser.signIn('PT-WOONSTAD', 'partner');
    timeline.handler = (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"statusCode":403,"message":"Forbidden"}');
    };

    // when it opens the live stream
    const response = await fetch(`${portal.url}/api/live`, { headers: { cookie: browser.cookieHeader() } });

    // then the app sees the timeline's answer
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ statusCode: 403, message: 'Forbidden' });
  });

  it('answers 502 when the timeline cannot be reached', async () => {
    // given a portal whose timeline is down
    const down = await startPortal(upstreamEnv(timeline.url, { timeline: await deadUrl() }));
    try {
      const browser = new TestBrowser(down.url);
      await browser.signIn();

      // when the live stream is opened
      const response = await fetch(`${down.url}/api/live`, { headers: { cookie: browser.cookieHeader() } });

      // then the app learns the timeline is unavailable
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ error: 'service-unavailable', service: 'timeline' });
    } finally {
      await down.close();
    }
  });
});

/** Reads a streamed body until `marker` has arrived (the stream itself stays open). */
async function readUntil(response: Response, marker: string): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 5_000;
  while (!text.includes(marker)) {
    if (Date.now() > deadline) throw new Error(`no "${marker}" in ${JSON.stringify(text)}`);
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}
