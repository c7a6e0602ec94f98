import { expect, test, type Browser, type Page } from '@playwright/test';
import { freshBsn } from './support/bsn';
import { expectAccessible, portalApi, screenshots, signIn } from './support/portal.fixtures';

interface Consent {
  consentId: string;
  pathwayId: string;
  withdrawnAt: string | null;
}
interface Referral {
  referralId: string;
  consentId: string;
  status: string;
  outcome: string | null;
  outcomeAt: string | null;
}

async function newSignedInPage(browser: Browser, baseURL: string, orgId: string, role: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  await signIn(context, baseURL, { orgId, role });
  return context.newPage();
}

/** The short reference the portal shows for a pathway (domain/format.ts). */
const referenceOf = (pathwayId: string) => pathwayId.slice(0, 8).toUpperCase();

test.describe.configure({ mode: 'serial' });

test.describe('a GP practice (HA-0001)', () => {
  const patientRef = `PW-${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
  const bsn = freshBsn();
  let gp: Page;
  let consent: Consent;
  let referral: Referral;

  test.beforeAll(async ({ browser, baseURL }) => {
    gp = await newSignedInPage(browser, baseURL!, 'HA-0001', 'gp');
  });
  test.afterAll(async () => {
    await gp.context().close();
  });

  test('opens its workspace, which says what the practice sees and why, and finds a patient by its own reference, never a BSN', async () => {
    // given the GP signed in, on the portal's home
    await gp.goto('/');

    // then the GP workspace opens, saying plainly what the practice sees and does not, and why
    await expect(gp).toHaveURL(/\/huisarts$/);
    await expect(gp.getByRole('heading', { level: 1, name: 'Huisartsenpraktijk' })).toBeVisible();
    await expect(gp.getByRole('heading', { level: 2, name: 'Wat u hier ziet, en wat niet' })).toBeVisible();
    await expect(gp.getByText(/U ziet niet hoe het traject bij de gemeente verder gaat/)).toBeVisible();
    await expect(gp.getByText(/medisch beroepsgeheim/)).toBeVisible();
    await expect(gp.getByRole('heading', { level: 2, name: 'Verwijzingen van uw praktijk' })).toBeVisible();
    await expectAccessible(gp, { what: 'GP home' });
    await screenshots(gp, 'gp-home');

    // when the GP types a BSN as the patient number, with the keyboard
    const field = gp.getByLabel('Patiëntnummer');
    await field.focus();
    await gp.keyboard.type(bsn);
    await gp.keyboard.press('Enter');

    // then it is refused in place and the BSN never reaches the address bar
    await expect(gp.getByText(/Dit lijkt een BSN/)).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(gp).toHaveURL(/\/huisarts$/);
    await expectAccessible(gp, { what: 'GP home with an error' });

    // when the practice's own reference is used
    await field.fill('');
    await field.focus();
    await gp.keyboard.type(patientRef);
    await gp.keyboard.press('Enter');

    // then the patient's page opens under that reference
    await expect(gp).toHaveURL(new RegExp(`/huisarts/patienten/${patientRef}$`));
    await expect(gp.getByRole('heading', { level: 1, name: `Patiënt ${patientRef}` })).toBeVisible();
    await expect(gp.getByText('Deze patiënt heeft nog geen toestemming gegeven.')).toBeVisible();
    await expect(gp.getByText(/U kunt nog niet verwijzen/)).toBeVisible();
  });

  test("records the patient's consent, and the service's field errors show at the fields", async ({ baseURL }) => {
    // given the patient's page
    const bsnField = gp.getByLabel('BSN van de patiënt');

    // when consent is recorded with a BSN that fails the elfproef
    await bsnField.fill('123456789');
    await gp.getByRole('button', { name: 'Toestemming vastleggen' }).click();

    // then the error summary takes focus and the field says why; nothing was recorded
    await expect(gp.locator('.kp-error-summary')).toBeFocused();
    await expect(gp.locator('.kp-error-summary')).toContainText('BSN van de patiënt');
    await expect(bsnField).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(gp, { what: 'consent form with errors' });
    expect(
      await portalApi<Consent[]>(gp.request, baseURL!, 'GET', `/api/gp/consents?patientRef=${patientRef}`),
    ).toEqual([]);

    // when the right BSN is given (refer to the municipality, hear back the outcome: the defaults)
    await bsnField.fill(bsn);
    await expect(gp.getByLabel('te verwijzen naar de schuldhulp van de gemeente')).toBeChecked();
    await expect(gp.getByLabel('terug te horen of het eerste gesprek is gevoerd')).toBeChecked();
    await gp.getByRole('button', { name: 'Toestemming vastleggen' }).click();

    // then the consent is listed as valid, and the BSN is nowhere on the page or in the address bar
    await expect(gp.getByText('Toestemming vastgelegd.')).toBeVisible();
    const consents = gp.getByRole('region', { name: /Toestemmingen van deze patiënt/ });
    await expect(consents.getByText('Geldig', { exact: true })).toBeVisible();
    await expect(bsnField).toHaveValue('');
    expect(await gp.content()).not.toContain(bsn);
    expect(gp.url()).not.toContain(bsn);
    const listed = await portalApi<Consent[]>(gp.request, baseURL!, 'GET', `/api/gp/consents?patientRef=${patientRef}`);
    expect(listed).toHaveLength(1);
    consent = listed[0]!;
  });

  test('refers the patient to the debt help of the municipality with the keyboard only, in three fields', async ({
    baseURL,
  }) => {
    // given the referral form, resting on the consent just recorded
    const form = gp.getByRole('region', { name: 'Verwijzen naar schuldhulp' });
    await expect(form.getByText(/schuldhulp van Gemeente GM0363/)).toBeVisible();
    await expect(form.getByRole('combobox')).toHaveCount(1);
    await expect(form.getByRole('checkbox')).toHaveCount(2);
    await expect(form.getByRole('textbox')).toHaveCount(0);
    await expectAccessible(gp, { what: 'patient page with the referral form' });

    // when the GP refers using only the keyboard: reason, urgent, warm, submit
    const reason = form.getByLabel('Reden van de verwijzing');
    await reason.focus();
    await gp.keyboard.press('ArrowDown');
    await expect(reason).toHaveValue('payment-arrears');
    await gp.keyboard.press('Tab');
    await expect(form.getByLabel(/^Spoed/)).toBeFocused();
    await gp.keyboard.press('Space');
    await expect(form.getByLabel(/^Spoed/)).toBeChecked();
    await gp.keyboard.press('Tab');
    await expect(form.getByLabel(/^Warme overdracht/)).toBeFocused();
    await gp.keyboard.press('Tab');
    await expect(form.getByRole('button', { name: 'Verwijzen' })).toBeFocused();
    await gp.keyboard.press('Enter');

    // then the referral is made on that consent and listed, without an outcome yet
    await expect(form.getByText(/Verwezen naar Gemeente GM0363/)).toBeVisible();
    const table = gp.getByRole('region', { name: /^Verwijzingen, nieuwste eerst/ });
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByText('Betalingsachterstanden, spoed, warme overdracht')).toBeVisible();
    const referrals = await portalApi<Referral[]>(gp.request, baseURL!, 'GET', '/api/gp/referrals');
    referral = referrals.find((r) => r.consentId === consent.consentId)!;
    expect(referral).toMatchObject({ outcome: null });
    await screenshots(gp, 'gp-patient');
  });

  test("the municipality opens a pathway, the counsellor holds the first conversation, and the GP's open page shows the outcome live", async ({
    browser,
    baseURL,
  }) => {
    // given the GP's patient page open (no reload from here on)
    await gp.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
    const table = gp.getByRole('region', { name: /^Verwijzingen, nieuwste eerst/ });
    await expect(table.getByText('Nog niet bekend')).toBeVisible();

    // when the counsellor of Amsterdam finds the new pathway in the caseload, in another browser
    const counsellor = await newSignedInPage(browser, baseURL!, 'GM0363', 'counsellor');
    await counsellor.goto('/werkvoorraad?sort=started&order=desc');
    const link = counsellor.getByRole('link', { name: new RegExp(referenceOf(consent.pathwayId)) });
    await expect(link).toBeVisible({ timeout: 30_000 });
    await link.focus();
    await counsellor.keyboard.press('Enter');
    await expect(counsellor).toHaveURL(new RegExp(`/trajecten/${consent.pathwayId}`));

    // and holds the first conversation
    await counsellor.getByRole('button', { name: 'Eerste gesprek vastleggen' }).click();
    await counsellor.getByRole('alertdialog').getByRole('button', { name: 'Bevestigen' }).click();
    await expect(counsellor.getByText(/Vastgelegd: Eerste gesprek vastleggen/)).toBeVisible();

    // then the GP's open page shows the outcome, live
    await expect(table.getByText(/Eerste gesprek gevoerd/)).toBeVisible({ timeout: 20_000 });
    await expect(table.getByText('Uitkomst ontvangen')).toBeVisible();
    await expect(
      gp.getByRole('list', { name: 'Verloop bij uw praktijk' }).getByText(/Uitkomst: Eerste gesprek gevoerd/),
    ).toBeVisible();
    expect(await gp.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    // and nothing of the pathway beyond its own events and the outcome
    await expect(gp.getByText(/intake|toelating|beschikking/i)).toHaveCount(0);
    await counsellor.context().close();
  });

  test("after the patient withdraws consent, the practice hears nothing more: the pathway's later steps never show", async ({
    browser,
    baseURL,
  }) => {
    // given the outcome the practice was told
    const told = await portalApi<Referral>(gp.request, baseURL!, 'GET', `/api/gp/referrals/${referral.referralId}`);
    expect(told).toMatchObject({ status: 'outcome-received', outcome: 'first-conversation-held' });

    // when the patient withdraws consent at the practice
    await gp.getByRole('button', { name: /^Toestemming van .* intrekken$/ }).click();
    const dialog = gp.getByRole('alertdialog');
    await expect(dialog.getByText(/u hoort niets meer over het traject/)).toBeVisible();
    await expectAccessible(gp, { include: 'dialog[open]', what: 'withdraw consent dialog' });
    await dialog.getByRole('button', { name: 'Toestemming intrekken' }).click();

    // then the page says so, the consent is withdrawn and referring on it is no longer possible
    await expect(gp.getByText('Toestemming ingetrokken. U hoort niets meer over dit traject.')).toBeVisible();
    await expect(gp.getByText(/Ingetrokken op/)).toBeVisible();
    await expect(gp.getByText(/U kunt nog niet verwijzen/)).toBeVisible();
    await expect(
      gp.getByRole('list', { name: 'Verloop bij uw praktijk' }).getByText('Toestemming ingetrokken'),
    ).toBeVisible();

    // when the counsellor takes the pathway further: the intake decision, then closure
    const counsellor = await newSignedInPage(browser, baseURL!, 'GM0363', 'counsellor');
    await portalApi(
      counsellor.request,
      baseURL!,
      'POST',
      `/api/municipality/pathways/${consent.pathwayId}/intake-decision`,
      {
        decision: 'afwijzing',
        closeReason: 'Voldoet niet',
      },
    );
    // and the chain has taken it in (the counsellor's timeline shows the decision)
    await expect
      .poll(
        async () =>
          (
            await portalApi<{ events: { type: string }[] }>(
              counsellor.request,
              baseURL!,
              'GET',
              `/api/timeline/pathways/${consent.pathwayId}/timeline`,
            )
          ).events.map((e) => e.type),
        { timeout: 20_000 },
      )
      .toContain('nl.ketenpad.municipality.intake-decided.v1');

    // then the gp service still answers only what the practice was told before the withdrawal
    const after = await portalApi<Referral>(gp.request, baseURL!, 'GET', `/api/gp/referrals/${referral.referralId}`);
    expect(after).toEqual(told);
    const withdrawn = await portalApi<Consent[]>(
      gp.request,
      baseURL!,
      'GET',
      `/api/gp/consents?patientRef=${patientRef}`,
    );
    expect(withdrawn[0]!.withdrawnAt).toEqual(expect.any(String));

    // and the GP's screen, read again, shows its own history and nothing of the later steps
    await gp.reload();
    const history = gp.getByRole('list', { name: 'Verloop bij uw praktijk' });
    await expect(history.getByRole('listitem')).toHaveCount(4);
    await expect(history.getByText('Toestemming ingetrokken')).toBeVisible();
    await expect(gp.getByText(/afwijzing|beschikking|intake/i)).toHaveCount(0);
    await expectAccessible(gp, { what: 'patient page after withdrawal' });
    await counsellor.context().close();
  });

  test("another organisation's pages are the portal's not-found page for the GP", async () => {
    for (const url of ['/sociaal-werk', '/rechtbank', `/trajecten/${consent.pathwayId}`]) {
      await gp.goto(url);
      await expect(gp.getByRole('heading', { level: 1, name: 'Niet gevonden' }), url).toBeVisible();
    }
    await expectAccessible(gp, { what: 'not-found page for the GP' });
  });

  test('the GP pages reflow at 390 px and at 200 % zoom without scrolling sideways', async () => {
    for (const [url, heading] of [
      ['/huisarts', 'Huisartsenpraktijk'],
      [`/huisarts/patienten/${patientRef}`, `Patiënt ${patientRef}`],
    ] as const) {
      await gp.goto(url);
      await expect(gp.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await gp.setViewportSize({ width: 390, height: 844 });
      await expect
        .poll(() => gp.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
        .toBeLessThanOrEqual(1);
      // 200 % browser zoom of a 1280 px window lays the page out in 640 CSS pixels.
      await gp.setViewportSize({ width: 640, height: 400 });
      await expect
        .poll(() => gp.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
        .toBeLessThanOrEqual(1);
      await gp.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
