import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';

/** Screenshots of the main pages, committed so a reviewer can look without running anything. */
export const SCREENSHOT_DIR = join(__dirname, '../screenshots');

export interface SignedInUser {
  orgId: string;
  role: string;
}

/** Signs the browser context in through the portal's development sign-in (the same call the sign-in page makes). */
export async function signIn(context: BrowserContext, baseURL: string, user: SignedInUser): Promise<void> {
  const response = await context.request.post(`${baseURL}/auth/dev/sign-in`, {
    data: user,
    headers: { origin: baseURL },
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

/** The portal's CSRF token of the signed-in context, for calls a test makes through the portal's API. */
export async function csrfToken(request: APIRequestContext, baseURL: string): Promise<string> {
  const session = (await (await request.get(`${baseURL}/auth/session`)).json()) as { csrfToken?: string };
  if (!session.csrfToken) throw new Error('not signed in');
  return session.csrfToken;
}

/**
 * A JSON call through the portal's API proxy as the signed-in user of `request`
 * (e.g. social work accepting a referral in a second browser context).
 */
export async function portalApi<T>(
  request: APIRequestContext,
  baseURL: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { origin: baseURL };
  if (method !== 'GET') headers['x-csrf-token'] = await csrfToken(request, baseURL);
  const response = await request.fetch(`${baseURL}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { data: body }),
  });
  const text = await response.text();
  if (!response.ok()) throw new Error(`${method} ${path} answered ${response.status()}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** axe over the whole page (or one dialog): no serious or critical WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page, options: { include?: string; what?: string } = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (options.include) builder = builder.include(options.include);
  const { violations } = await builder.analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  expect(serious, `axe on ${options.what ?? page.url()}`).toEqual([]);
}

/** How far the page scrolls sideways (more than 1 px), and the outermost elements that reach past the viewport. */
function sidewaysOverflow(): { overflow: number; culprits: string[] } {
  const root = document.documentElement;
  const excess = root.scrollWidth - root.clientWidth;
  if (excess <= 1) return { overflow: 0, culprits: [] };
  const culprits: string[] = [];
  for (const element of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
    if (element.getBoundingClientRect().right <= root.clientWidth + 1) continue;
    const parent = element.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right > root.clientWidth + 1) continue;
    culprits.push(
      `${element.tagName.toLowerCase()}${element.getAttribute('class') ? `.${element.getAttribute('class')!.trim().split(/\s+/).join('.')}` : ''}`,
    );
    if (culprits.length === 5) break;
  }
  return { overflow: excess, culprits };
}

/** Saves a full-page screenshot at desktop width and at 390 px (a phone), then restores the viewport. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 720 };
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  // At 390 px the page itself must not scroll sideways (WCAG 1.4.10 reflow). Charts follow their
  // container through a ResizeObserver, so the layout settles a frame or two after the resize: poll
  // until it does, and name the elements that stick out when it never does.
  await expect
    .poll(() => page.evaluate(sidewaysOverflow), { message: `${name} scrolls sideways at 390 px`, timeout: 5_000 })
    .toEqual({ overflow: 0, culprits: [] });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-390.png`), fullPage: true });
  await page.setViewportSize(original);
}

export const test = base;
export { expect };
