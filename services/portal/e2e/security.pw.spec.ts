import { expect, test } from '@playwright/test';
import { csrfToken, signIn } from './support/portal.fixtures';

test.describe('the portal session and its protections', () => {
  test('the session cookie is HttpOnly, SameSite=Lax and holds no token', async ({ context, baseURL }) => {
    // given / when
    await signIn(context, baseURL!, { orgId: 'GM0363', role: 'counsellor' });

    // then
    const cookies = await context.cookies(baseURL);
    const session = cookies.find((c) => c.name.includes('ketenpad-session'));
    expect(session, JSON.stringify(cookies)).toBeDefined();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe('Lax');
    expect(session!.path).toBe('/');
    // An opaque id, not a JWT: tokens stay on the server.
    expect(session!.value.split('.')).not.toHaveLength(3);
    expect(cookies.map((c) => c.value).join(' ')).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });

  test('a cross-origin POST is refused and reaches no service', async ({ context, baseURL }) => {
    // given
    await signIn(context, baseURL!, { orgId: 'GM0363', role: 'counsellor' });
    const token = await csrfToken(context.request, baseURL!);
    const before = (await (
      await context.request.get(`${baseURL}/api/municipality/pathways?limit=500`)
    ).json()) as unknown[];

    // when: another site posts with the user's cookie (and even a stolen CSRF token)
    const crossSite = await context.request.post(`${baseURL}/api/municipality/pathways`, {
      headers: { origin: 'https://evil.example', 'x-csrf-token': token },
      data: { bsn: '111222333', channel: 'telefoon' },
    });
    const withoutToken = await context.request.post(`${baseURL}/api/municipality/pathways`, {
      headers: { origin: baseURL! },
      data: { bsn: '111222333', channel: 'telefoon' },
    });

    // then
    expect(crossSite.status()).toBe(403);
    expect(withoutToken.status()).toBe(403);
    const after = (await (
      await context.request.get(`${baseURL}/api/municipality/pathways?limit=500`)
    ).json()) as unknown[];
    expect(after.length).toBe(before.length);
  });

  test('sign-out ends the session on the server: the old cookie no longer works', async ({ context, baseURL }) => {
    // given
    await signIn(context, baseURL!, { orgId: 'GM0363', role: 'counsellor' });
    const cookie = (await context.cookies(baseURL)).find((c) => c.name.includes('ketenpad-session'))!;
    expect((await context.request.get(`${baseURL}/api/timeline/pathways`)).status()).toBe(200);

    // when
    const signOut = await context.request.post(`${baseURL}/auth/sign-out`, {
      headers: { origin: baseURL!, 'x-csrf-token': await csrfToken(context.request, baseURL!) },
    });

    // then: replaying the old cookie is refused
    expect(signOut.status()).toBeLessThan(300);
    const replay = await context.request.get(`${baseURL}/api/timeline/pathways`, {
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(replay.status()).toBe(401);
    const session = (await (await context.request.get(`${baseURL}/auth/session`)).json()) as { signedIn: boolean };
    expect(session.signedIn).toBe(false);
  });

  test('every page is served with a Content-Security-Policy that allows no inline script, and other security headers', async ({
    request,
    baseURL,
  }) => {
    // when
    const page = await request.get(`${baseURL}/werkvoorraad`);

    // then
    expect(page.status()).toBe(200);
    const headers = page.headers();
    const csp = headers['content-security-policy'] ?? '';
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['x-powered-by']).toBeUndefined();
    // The built page really has no inline script for the policy to block.
    expect(await page.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  test('the API proxy answers 401 without a session and never forwards a request', async ({ request, baseURL }) => {
    const response = await request.get(`${baseURL}/api/timeline/pathways`);
    expect(response.status()).toBe(401);
  });
});
