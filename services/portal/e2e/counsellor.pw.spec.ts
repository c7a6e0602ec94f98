import { expect, test, type Browser, type Page } from '@playwright/test';
import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import { freshBsn } from './support/bsn';
import { expectAccessible, portalApi, screenshots, signIn } from './support/portal.fixtures';

/** "dinsdag 8 december 2026": how the portal writes a deadline in Dutch. */
function dutchLongDate(date: LocalDate): string {
  return new Date(`${date.toString()}T12:00:00`).toLocaleDateString('nl-NL', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  });
}

async function newSignedInPage(browser: Browser, baseURL: string, orgId: string, role: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  await signIn(context, baseURL, { orgId, role });
  return context.newPage();
}

test.describe.configure({ mode: 'serial' });

test.describe('a debt counsellor of Amsterdam', () => {
  let pathwayId: string;

  test('signs in with the keyboard only and registers a crisis help request: a bad BSN is refused in place, a good one shows the Wgs deadline 3 working days out', async ({
    page,
    baseURL,
  }) => {
    // given the sign-in page
    await page.goto('/');
    await expect(page).toHaveURL(/\/inloggen/);
    await expectAccessible(page, { what: 'sign-in page' });
    await screenshots(page, 'sign-in');

    // when the counsellor signs in, using only the keyboard
    await page.getByLabel('Organisatie').focus();
    await page.keyboard.press('Tab');
    await page.getByLabel('Organisatie').selectOption('GM0363');
    await page.getByRole('radio', { name: /schuldhulpverlener/i }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Inloggen' }).focus();
    await page.keyboard.press('Enter');

    // then the caseload opens
    await expect(page.getByRole('heading', { level: 1, name: 'Werkvoorraad' })).toBeVisible();
    const before = await portalApi<unknown[]>(page.request, baseURL!, 'GET', '/api/municipality/pathways?limit=500');

    // when a help request is entered with a BSN that fails the elfproef
    await page.getByRole('link', { name: 'Nieuwe hulpvraag' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: /hulpvraag/i })).toBeVisible();
    await expectAccessible(page, { what: 'help request form' });
    const bsnField = page.getByLabel('BSN', { exact: true });
    await bsnField.focus();
    await page.keyboard.type('123456789');
    await page.getByRole('radio', { name: /huisuitzetting/i }).check();
    await page.getByRole('button', { name: 'Hulpvraag registreren' }).focus();
    await page.keyboard.press('Enter');

    // then the field says why, and nothing was created
    await expect(page.getByText(/geen geldig BSN/i).first()).toBeVisible();
    await expect(bsnField).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page, { what: 'help request form with errors' });
    const after = await portalApi<unknown[]>(page.request, baseURL!, 'GET', '/api/municipality/pathways?limit=500');
    expect(after.length).toBe(before.length);

    // when the BSN is corrected
    await bsnField.fill('');
    await bsnField.focus();
    await page.keyboard.type(freshBsn());
    await page.getByRole('button', { name: 'Hulpvraag registreren' }).focus();
    await page.keyboard.press('Enter');

    // then the Wgs deadline of a crisis is shown at once: 3 working days from today (Algemene termijnenwet)
    const due = WorkingDayCalendar.netherlands().addWorkingDays(LocalDate.fromInstant(new Date()), 3);
    await expect(page.getByText(dutchLongDate(due))).toBeVisible();
    await screenshots(page, 'help-request-registered');
    const link = page.getByRole('link', { name: /naar het traject/i });
    pathwayId = /\/trajecten\/([0-9a-f-]{36})/.exec((await link.getAttribute('href'))!)![1]!;
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: /traject/i })).toBeVisible();
    await expect(page.getByText('Hulpvraag geregistreerd').first()).toBeVisible({ timeout: 15_000 });
    await expectAccessible(page, { what: 'pathway page' });
    await screenshots(page, 'pathway');
  });

  test("refers to social work and sees social work's acceptance appear within a second, without a reload", async ({
    browser,
    baseURL,
  }) => {
    // given the counsellor on the pathway page
    const counsellor = await newSignedInPage(browser, baseURL!, 'GM0363', 'counsellor');
    await counsellor.goto(`/trajecten/${pathwayId}`);
    await expect(counsellor.getByRole('heading', { level: 1, name: /traject/i })).toBeVisible();
    await counsellor.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

    // when the counsellor refers the resident to social work
    await counsellor.getByLabel('Naar', { exact: true }).selectOption({ label: 'Maatschappelijk werk Amsterdam' });
    await counsellor.getByRole('button', { name: 'Doorverwijzen' }).click();
    await expect(counsellor.getByText(/Doorverwezen/).first()).toBeVisible({ timeout: 15_000 });

    // and social work, in its own browser, accepts the referral once it has arrived
    const socialWorker = await newSignedInPage(browser, baseURL!, 'SW-AMS', 'social-worker');
    let referralId: string | undefined;
    await expect
      .poll(
        async () => {
          const inbox = await portalApi<{ referrals: { referralId: string; pathwayId: string }[] }>(
            socialWorker.request,
            baseURL!,
            'GET',
            '/api/social-work/referrals',
          );
          referralId = inbox.referrals.find((r) => r.pathwayId === pathwayId)?.referralId;
          return referralId;
        },
        { timeout: 20_000 },
      )
      .toBeTruthy();
    await portalApi(socialWorker.request, baseURL!, 'POST', `/api/social-work/referrals/${referralId}/acceptance`, {});
    const accepted = Date.now();

    // then the counsellor's open page shows it within a second, live
    await expect(counsellor.getByText('Verwijzing geaccepteerd').first()).toBeVisible({ timeout: 5_000 });
    const shownAfterMs = Date.now() - accepted;
    expect(await counsellor.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    expect(shownAfterMs, `acceptance shown after ${shownAfterMs} ms`).toBeLessThanOrEqual(1_000);
    await counsellor.context().close();
    await socialWorker.context().close();
  });

  test('closes the pathway with a DDAS reason after confirming in a dialog', async ({ page, context, baseURL }) => {
    // given
    await signIn(context, baseURL!, { orgId: 'GM0363', role: 'counsellor' });
    await page.goto(`/trajecten/${pathwayId}`);
    await expect(page.getByRole('heading', { level: 1, name: /traject/i })).toBeVisible();

    // when
    await page.getByLabel(/reden van uitstroom/i).selectOption('Zelf');
    await page.getByRole('button', { name: 'Traject afsluiten' }).click();
    const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog'));
    await expect(dialog).toBeVisible();
    await expectAccessible(page, { what: 'closure confirmation dialog' });
    await dialog.getByRole('button', { name: 'Bevestigen' }).click();

    // then
    await expect(page.getByText('Traject afgesloten').first()).toBeVisible({ timeout: 15_000 });
    const pathway = await portalApi<{ status: string; closure: { reason: string } }>(
      page.request,
      baseURL!,
      'GET',
      `/api/municipality/pathways/${pathwayId}`,
    );
    expect(pathway.status).toBe('closed');
    expect(pathway.closure.reason).toBe('Zelf');
  });

  test("a counsellor of another municipality gets the portal's not-found page for this pathway", async ({
    page,
    context,
    baseURL,
  }) => {
    await signIn(context, baseURL!, { orgId: 'GM0344', role: 'counsellor' });
    await page.goto(`/trajecten/${pathwayId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Niet gevonden' })).toBeVisible();
    await expect(page.getByText(/geen toegang/i)).toBeVisible();
    await expectAccessible(page, { what: 'not-found page' });
  });

  test('the caseload works at 390 px and at 200 % zoom without the page scrolling sideways', async ({
    page,
    context,
    baseURL,
  }) => {
    await signIn(context, baseURL!, { orgId: 'GM0363', role: 'counsellor' });
    await page.goto('/werkvoorraad');
    await expect(page.getByRole('heading', { level: 1, name: 'Werkvoorraad' })).toBeVisible();
    await expect(page.getByRole('table')).toBeVisible();
    await expectAccessible(page, { what: 'caseload' });
    await screenshots(page, 'caseload');
    // 200 % browser zoom of a 1280 px window lays the page out in 640 CSS pixels.
    await page.setViewportSize({ width: 640, height: 400 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
  });
});
