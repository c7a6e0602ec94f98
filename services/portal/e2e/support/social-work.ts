import { expect, type Browser, type Page } from '@playwright/test';
import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import { freshBsn } from './bsn';
import { portalApi, signIn } from './portal.fixtures';

export const SW_AMS = 'urn:nld:ketenpad:social-work:SW-AMS';
export const RB_AMS = 'urn:nld:ketenpad:court-liaison:RB-AMS';

/** A page in a browser context of its own, signed in as one organisation: one context per organisation. */
export async function signedInPage(browser: Browser, baseURL: string, orgId: string, role: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  await signIn(context, baseURL, { orgId, role });
  return context.newPage();
}

/** The portal's short reference of a pathway (domain/format.ts pathwayReference). */
export function reference(pathwayId: string): string {
  return pathwayId.slice(0, 8).toUpperCase();
}

/** "8 dec 2026": how the portal writes a short date in Dutch (domain/format.ts shortDate). */
export function dutchShortDate(date: LocalDate): string {
  return new Intl.DateTimeFormat('nl-NL', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  }).format(new Date(`${date.toString()}T12:00:00Z`));
}

/** Today plus `n` working days on the Algemene termijnenwet calendar the services count Wgs terms with. */
export function workingDaysFromToday(n: number): LocalDate {
  return WorkingDayCalendar.netherlands().addWorkingDays(LocalDate.fromInstant(new Date()), n);
}

/** The counsellor registers a help request (no crisis) for a new resident in the portal, and lands on its pathway page. */
export async function registerHelpRequestInPortal(counsellor: Page): Promise<string> {
  await counsellor.goto('/hulpvraag/nieuw');
  await counsellor.getByLabel('BSN', { exact: true }).fill(freshBsn());
  await counsellor.getByRole('button', { name: 'Hulpvraag registreren' }).click();
  const link = counsellor.getByRole('link', { name: /naar het traject/i });
  const pathwayId = /\/trajecten\/([0-9a-f-]{36})/.exec((await link.getAttribute('href'))!)![1]!;
  await link.click();
  await expect(counsellor.getByRole('heading', { level: 1, name: /traject/i })).toBeVisible();
  await expect(counsellor.getByText('Hulpvraag geregistreerd').first()).toBeVisible({ timeout: 15_000 });
  return pathwayId;
}

/** The same through the API, for tests about what follows. */
export async function registerHelpRequest(counsellor: Page, baseURL: string): Promise<string> {
  const opened = await portalApi<{ pathwayId: string }>(
    counsellor.request,
    baseURL,
    'POST',
    '/api/municipality/pathways',
    { bsn: freshBsn(), channel: 'balie' },
  );
  return opened.pathwayId;
}

/** The counsellor refers the pathway through the API; answers the referral's id. */
export async function referThroughApi(counsellor: Page, baseURL: string, pathwayId: string, toOrg: string) {
  const answer = await portalApi<{ referralId: string }>(
    counsellor.request,
    baseURL,
    'POST',
    `/api/municipality/pathways/${pathwayId}/referrals`,
    { toOrg, reason: 'stabilisation', urgent: false, warm: false },
  );
  return answer.referralId;
}

/** The open referral of a pathway in social work's inbox, once the social-work service has it. */
export async function referralInInbox(socialWorker: Page, baseURL: string, pathwayId: string): Promise<string> {
  let referralId: string | undefined;
  await expect
    .poll(
      async () => {
        const inbox = await portalApi<{ referrals: { referralId: string; pathwayId: string; status: string }[] }>(
          socialWorker.request,
          baseURL,
          'GET',
          '/api/social-work/referrals?status=open',
        );
        referralId = inbox.referrals.find((r) => r.pathwayId === pathwayId)?.referralId;
        return referralId;
      },
      { timeout: 20_000 },
    )
    .toBeTruthy();
  return referralId!;
}

/** Marks the page so a test can prove it was never reloaded. */
export async function markNoReload(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
}

export async function expectNotReloaded(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
}

/**
 * Notes, in the page itself, the moment (the machine's clock, shared by every
 * browser context) at which an element matching `selector` first contains
 * `text`: a MutationObserver, so the moment is not rounded up to the test's polling.
 */
export async function stampWhenShown(page: Page, name: string, selector: string, text: string): Promise<void> {
  await page.evaluate(
    ({ name, selector, text }) => {
      const stamps = ((window as unknown as { stamps?: Record<string, number> }).stamps ??= {});
      const check = () => {
        if (stamps[name] !== undefined) return;
        if (Array.from(document.querySelectorAll(selector)).some((e) => e.textContent?.includes(text)))
          stamps[name] = Date.now();
      };
      check();
      new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true });
    },
    { name, selector, text },
  );
}

export async function stamp(page: Page, name: string): Promise<number> {
  const value = await page.evaluate(
    (name) => (window as unknown as { stamps?: Record<string, number> }).stamps?.[name],
    name,
  );
  expect(value, `moment "${name}" was noted`).toBeDefined();
  return value!;
}
