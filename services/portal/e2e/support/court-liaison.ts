import { expect, type Browser, type Page } from '@playwright/test';
import { freshBsn } from './bsn';
import { portalApi, signIn } from './portal.fixtures';

/** A page in its own browser context, signed in as one organisation and role. */
export async function signedInPage(browser: Browser, baseURL: string, orgId: string, role: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  await signIn(context, baseURL, { orgId, role });
  return context.newPage();
}

/** A help request for a new resident (random BSN), registered by a counsellor of the page's municipality. */
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

/** Waits until the court liaison's service holds the case of a referred pathway (it arrives over Kafka). */
export async function waitForCourtCase(court: Page, baseURL: string, pathwayId: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await court.request.get(`${baseURL}/api/court-liaison/pathways/${pathwayId}`);
        return response.status();
      },
      { timeout: 20_000, message: 'the court case opened by the referral' },
    )
    .toBe(200);
}

/** `2027-03-06` as the portal writes a date in full in Dutch: "zaterdag 6 maart 2027". */
export function dutchLongDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('nl-NL', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  });
}

/** Presses Tab until the focused element is `target` (at most `limit` times); fails when it never gets there. */
export async function tabTo(page: Page, target: ReturnType<Page['locator']>, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}
