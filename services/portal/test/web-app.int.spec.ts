import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPortal, upstreamEnv, UpstreamStub, type RunningPortal } from './portal.harness';

const INDEX =
  '<!doctype html><html lang="nl"><head><script type="module" src="/assets/app-3f2a.js"></script></head></html>';

describe('the built web app', () => {
  let upstream: UpstreamStub;
  let webDir: string;
  let portal: RunningPortal;

  beforeAll(async () => {
    upstream = await UpstreamStub.start();
    webDir = mkdtempSync(join(tmpdir(), 'portal-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), INDEX);
    writeFileSync(join(webDir, 'assets', 'app-3f2a.js'), 'console.log("app");');
    portal = await startPortal({ ...upstreamEnv(upstream.url), PORTAL_WEB_DIR: webDir });
  });
  afterAll(async () => {
    await portal.close();
    await upstream.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it.each(['/', '/trajecten/p-1', '/inloggen?returnTo=%2F', '/dashboard/knelpunten'])(
    'answers the page path %s with index.html, never cached (client-side routing)',
    async (path) => {
      // given the built app
      // when a page path is opened or reloaded
      const response = await fetch(`${portal.url}${path}`);

      // then the app's index.html is served and revalidated every time
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(INDEX);
    },
  );

  it('serves hashed assets cached for a year as immutable', async () => {
    // given the built app
    // when its script is loaded
    const response = await fetch(`${portal.url}/assets/app-3f2a.js`);

    // then it may be cached forever (its name changes with its content)
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe('console.log("app");');
  });

  it('answers 404 for a missing asset instead of the page', async () => {
    // given the built app
    // when an asset of an older build is asked for
    const response = await fetch(`${portal.url}/assets/app-old.js`);

    // then it is not found (and not HTML a browser would try to run)
    expect(response.status).toBe(404);
  });

  it('does not answer API, auth, health or metrics paths with the page', async () => {
    // given the built app
    // when unknown paths under the portal's own prefixes are asked for
    const api = await fetch(`${portal.url}/api/unknown`);
    const auth = await fetch(`${portal.url}/auth/unknown`);

    // then they are 404s of the server, not index.html
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/json/);
    expect(auth.status).toBe(404);
    expect(auth.headers.get('content-type')).toMatch(/json/);
  });

  it('answers 503 with an explanation when the app has not been built', async () => {
    // given a portal pointed at an empty directory
    const empty = mkdtempSync(join(tmpdir(), 'portal-web-empty-'));
    const unbuilt = await startPortal({ ...upstreamEnv(upstream.url), PORTAL_WEB_DIR: empty });
    try {
      // when a page is opened
      const response = await fetch(`${unbuilt.url}/trajecten`);

      // then the operator is told to build first
      expect(response.status).toBe(503);
      expect(await response.text()).toMatch(/not built: run npm run build/);
    } finally {
      await unbuilt.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
