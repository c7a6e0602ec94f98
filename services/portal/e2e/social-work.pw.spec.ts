import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { expectAccessible, portalApi, screenshots } from './support/portal.fixtures';
import {
  dutchShortDate,
  expectNotReloaded,
  markNoReload,
  RB_AMS,
  reference,
  referralInInbox,
  referThroughApi,
  registerHelpRequest,
  registerHelpRequestInPortal,
  signedInPage,
  stamp,
  stampWhenShown,
  SW_AMS,
  workingDaysFromToday,
} from './support/social-work';

/**
 * How long social work may wait for a new referral: from the moment the
 * counsellor's page confirms it (the service answered) to the moment social
 * work's open inbox shows it, both noted in the pages by the machine's clock.
 */
const ARRIVAL_BOUND_MS = 1_000;

test.describe.configure({ mode: 'serial' });

/** The texts of the counsellor's chain timeline, oldest first. */
async function timelineTexts(page: Page): Promise<string[]> {
  return page.locator('.kp-timeline__what').allTextContents();
}

/** Whether `expected` occurs in `texts` in this order (other entries may lie between). */
function inOrder(texts: readonly string[], expected: readonly RegExp[]): boolean {
  let at = 0;
  for (const text of texts) if (at < expected.length && expected[at]!.test(text)) at += 1;
  return at === expected.length;
}

async function referInPortal(counsellor: Page): Promise<void> {
  await counsellor.getByLabel('Naar', { exact: true }).selectOption({ label: 'Maatschappelijk werk Amsterdam' });
  await counsellor.getByRole('button', { name: 'Doorverwijzen' }).click();
}

test.describe('a social worker of SW-AMS', () => {
  test('takes a referral from the counsellor live: declines it with a reason, the counsellor sees that live and refers again, then accepts and records first contact with the keyboard only', async ({
    browser,
    baseURL,
  }) => {
    // given the counsellor of GM0363 with a new resident's pathway, and social work's inbox open in its own browser
    const counsellor = await signedInPage(browser, baseURL!, 'GM0363', 'counsellor');
    const socialWorker = await signedInPage(browser, baseURL!, 'SW-AMS', 'social-worker');
    const pathwayId = await registerHelpRequestInPortal(counsellor);
    await socialWorker.goto('/sociaal-werk');
    await expect(socialWorker.getByRole('heading', { level: 1, name: 'Verwijzingen' })).toBeVisible();
    await expect(socialWorker.getByRole('heading', { level: 2, name: 'Nieuwe verwijzingen' })).toBeVisible();
    await markNoReload(counsellor);
    await markNoReload(socialWorker);
    const rowLink = socialWorker.getByRole('link', { name: `Verwijzing voor traject ${reference(pathwayId)}` });
    await expect(rowLink).toHaveCount(0);
    await stampWhenShown(counsellor, 'confirmed', '.kp-actions', 'Vastgelegd: Doorverwijzen');
    await stampWhenShown(counsellor, 'on-chain', '.kp-timeline__what', 'Doorverwezen naar');
    await stampWhenShown(socialWorker, 'arrived', 'a', reference(pathwayId));

    // when the counsellor refers the resident to social work
    await referInPortal(counsellor);
    await expect(counsellor.locator('.kp-timeline__what', { hasText: 'Doorverwezen naar' })).toHaveCount(1, {
      timeout: 15_000,
    });

    // then the referral appears in social work's inbox without a reload, within the bound
    await expect(rowLink).toBeVisible({ timeout: 15_000 });
    const arrived = await stamp(socialWorker, 'arrived');
    const arrivalMs = arrived - (await stamp(counsellor, 'confirmed'));
    console.log(
      `social work saw the referral ${arrivalMs} ms after the counsellor's confirmation, ` +
        `${arrived - (await stamp(counsellor, 'on-chain'))} ms after the counsellor's timeline showed it`,
    );
    expect(arrivalMs, `referral shown after ${arrivalMs} ms`).toBeLessThanOrEqual(ARRIVAL_BOUND_MS);
    await expectNotReloaded(socialWorker);
    const row = socialWorker.getByRole('row').filter({ has: rowLink });
    await expect(row).toContainText('0 van 5 werkdagen');
    await expect(row).toContainText('nog 5 werkdagen');

    // when social work declines it with a reason, confirming what the municipality will see
    await rowLink.click();
    await expect(
      socialWorker.getByRole('heading', { level: 1, name: `Verwijzing voor traject ${reference(pathwayId)}` }),
    ).toBeVisible();
    await socialWorker.getByLabel('Reden van weigeren').selectOption({ label: 'geen plek' });
    await socialWorker.getByRole('button', { name: 'Weigeren' }).click();
    const dialog = socialWorker.getByRole('alertdialog');
    await expect(dialog).toContainText('Verwijzing geweigerd: geen plek');
    await dialog.getByRole('button', { name: 'Bevestigen' }).click();
    await expect(socialWorker.getByText('Vastgelegd: Verwijzing weigeren.')).toBeVisible();
    await expect(socialWorker.getByRole('heading', { level: 1 }).locator('..')).toContainText('Geweigerd');

    // then the counsellor's open page shows the decline flag, live
    await expect(counsellor.getByText('Verwijzing geweigerd', { exact: true }).first()).toBeVisible({
      timeout: 10_000,
    });
    await expect(counsellor.locator('.kp-timeline__what', { hasText: 'Verwijzing geweigerd:' })).toBeVisible();
    await expectNotReloaded(counsellor);

    // when the counsellor refers again
    await referInPortal(counsellor);
    await expect(counsellor.locator('.kp-timeline__what', { hasText: 'Doorverwezen naar' })).toHaveCount(2, {
      timeout: 15_000,
    });

    // then the new referral is in the inbox; social work accepts it and records first contact, with the keyboard only
    await socialWorker.getByRole('link', { name: 'Verwijzingen' }).first().click();
    const openLink = socialWorker
      .getByRole('region', { name: /wacht(en)? op antwoord/ })
      .getByRole('link', { name: `Verwijzing voor traject ${reference(pathwayId)}` });
    await expect(openLink).toBeVisible({ timeout: 15_000 });
    await expectNotReloaded(socialWorker);
    await openLink.focus();
    await socialWorker.keyboard.press('Enter');
    await expect(socialWorker.getByRole('heading', { level: 1, name: /Verwijzing voor traject/ })).toBeVisible();
    await expect(socialWorker.getByText('Wacht op antwoord')).toBeVisible();
    await socialWorker.getByRole('button', { name: 'Accepteren' }).focus();
    await socialWorker.keyboard.press('Enter');
    await expect(dialog).toContainText('Verwijzing geaccepteerd');
    await expect(dialog.getByRole('button', { name: 'Bevestigen' })).toBeFocused();
    await socialWorker.keyboard.press('Enter');
    // focus moves to the confirmation, as the form that was used is gone
    await expect(
      socialWorker.locator('.kp-focus-target', { hasText: 'Vastgelegd: Verwijzing accepteren.' }),
    ).toBeFocused();
    const contactButton = socialWorker.getByRole('button', { name: 'Eerste contact vastleggen' });
    await expect(contactButton).toBeVisible();
    await socialWorker.keyboard.press('Tab');
    await expect(socialWorker.getByLabel('Soort contact')).toBeFocused();
    await socialWorker.keyboard.press('ArrowDown'); // Telefoon → Huisbezoek
    await expect(socialWorker.getByLabel('Soort contact')).toHaveValue('Huisbezoek');
    await contactButton.focus();
    await socialWorker.keyboard.press('Enter');
    await expect(dialog).toContainText('Eerste contact gelegd');
    await socialWorker.keyboard.press('Enter');
    await expect(socialWorker.getByText('Vastgelegd: Eerste contact vastleggen.')).toBeVisible();
    await expect(socialWorker.getByText('Er is bij deze verwijzing niets meer te doen.')).toBeVisible();

    // then the counsellor's timeline shows every step, in order, without a reload
    await expect
      .poll(
        () =>
          timelineTexts(counsellor).then((texts) =>
            inOrder(texts, [
              /^Hulpvraag geregistreerd/,
              /^Doorverwezen naar/,
              /^Verwijzing geweigerd/,
              /^Doorverwezen naar/,
              /^Verwijzing geaccepteerd/,
              /^Eerste contact gelegd/,
            ]),
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    await expectNotReloaded(counsellor);
    await counsellor.context().close();
    await socialWorker.context().close();
  });

  test("flags an urgent situation, after which the counsellor's Wgs deadline on screen moves to 3 working days from the flag", async ({
    browser,
    baseURL,
  }) => {
    // given a pathway without crisis (deadline weeks away), referred to and accepted by social work
    const counsellor = await signedInPage(browser, baseURL!, 'GM0363', 'counsellor');
    const socialWorker = await signedInPage(browser, baseURL!, 'SW-AMS', 'social-worker');
    const pathwayId = await registerHelpRequest(counsellor, baseURL!);
    await referThroughApi(counsellor, baseURL!, pathwayId, SW_AMS);
    const referralId = await referralInInbox(socialWorker, baseURL!, pathwayId);
    await portalApi(socialWorker.request, baseURL!, 'POST', `/api/social-work/referrals/${referralId}/acceptance`, {});
    const due = dutchShortDate(workingDaysFromToday(3));
    await counsellor.goto(`/trajecten/${pathwayId}`);
    const summary = counsellor
      .getByRole('region', { name: 'Samenvatting' })
      .or(counsellor.locator('section[aria-labelledby="summary-title"]'));
    await expect(summary).toBeVisible();
    await expect(summary).not.toContainText(due);
    await markNoReload(counsellor);

    // when social work opens the pathway from its caseload and flags an imminent eviction
    await socialWorker.goto('/sociaal-werk/trajecten');
    await socialWorker.getByRole('link', { name: `Traject ${reference(pathwayId)}` }).focus();
    await socialWorker.keyboard.press('Enter');
    await expect(
      socialWorker.getByRole('heading', { level: 1, name: `Traject ${reference(pathwayId)}` }),
    ).toBeVisible();
    await expect(socialWorker.locator('.kp-timeline__what', { hasText: 'Verwijzing geaccepteerd' })).toBeVisible({
      timeout: 15_000,
    });
    await expectAccessible(socialWorker, { what: 'caseload pathway page' });
    await screenshots(socialWorker, 'social-work-pathway');
    await socialWorker.getByLabel('Wat dreigt er?').selectOption({ label: 'Dreigende huisuitzetting' });
    await socialWorker.getByLabel('Uiterlijk actie nodig op').fill(workingDaysFromToday(10).toString());
    await socialWorker.getByRole('button', { name: 'Urgente situatie melden' }).click();
    const dialog = socialWorker.getByRole('alertdialog');
    // the confirmation says what the municipality will see, with the new deadline
    await expect(dialog).toContainText('Urgente situatie gemeld');
    await expect(dialog).toContainText('3 werkdagen na vandaag');
    await expectAccessible(socialWorker, { what: 'urgent situation confirmation' });
    await dialog.getByRole('button', { name: 'Bevestigen' }).click();
    await expect(socialWorker.getByText('Vastgelegd: Urgente situatie melden.')).toBeVisible();
    await expect(socialWorker.getByText(/Dreigende huisuitzetting, actie nodig vóór/)).toBeVisible();

    // then the counsellor's open page shows the Wgs deadline 3 working days from the flag, live
    await expect(summary).toContainText(due, { timeout: 15_000 });
    await expect(summary).toContainText('nog 3 werkdagen');
    await expectNotReloaded(counsellor);
    await counsellor.context().close();
    await socialWorker.context().close();
  });

  test("gets the portal's not-found page for another organisation's pathway or referral, and for the court's workspace", async ({
    browser,
    baseURL,
  }) => {
    // given a pathway social work has no part in, and a referral of it to the court
    const counsellor = await signedInPage(browser, baseURL!, 'GM0363', 'counsellor');
    const pathwayId = await registerHelpRequest(counsellor, baseURL!);
    const courtReferral = await referThroughApi(counsellor, baseURL!, pathwayId, RB_AMS);
    const socialWorker = await signedInPage(browser, baseURL!, 'SW-AMS', 'social-worker');

    for (const path of [
      `/sociaal-werk/trajecten/${pathwayId}`,
      `/sociaal-werk/verwijzingen/${courtReferral}`,
      `/sociaal-werk/verwijzingen/${randomUUID()}`,
      '/rechtbank',
      `/trajecten/${pathwayId}`,
    ]) {
      // when the social worker opens it
      await socialWorker.goto(path);
      // then
      await expect(socialWorker.getByRole('heading', { level: 1, name: 'Niet gevonden' }), path).toBeVisible();
    }
    await expectAccessible(socialWorker, { what: 'not-found page' });
    await counsellor.context().close();
    await socialWorker.context().close();
  });

  test('the inbox and a referral pass axe and reflow at 390 px without the page scrolling sideways', async ({
    browser,
    baseURL,
  }) => {
    // given an open referral in the inbox
    const counsellor = await signedInPage(browser, baseURL!, 'GM0363', 'counsellor');
    const pathwayId = await registerHelpRequest(counsellor, baseURL!);
    await referThroughApi(counsellor, baseURL!, pathwayId, SW_AMS);
    const socialWorker = await signedInPage(browser, baseURL!, 'SW-AMS', 'social-worker');
    await referralInInbox(socialWorker, baseURL!, pathwayId);

    // when the social worker opens the inbox
    await socialWorker.goto('/sociaal-werk');
    const link = socialWorker.getByRole('link', { name: `Verwijzing voor traject ${reference(pathwayId)}` });
    await expect(link).toBeVisible();
    // then
    await expectAccessible(socialWorker, { what: 'referral inbox' });
    await screenshots(socialWorker, 'social-work-inbox');
    await socialWorker.setViewportSize({ width: 390, height: 844 });
    await expect(link).toBeVisible();
    expect(
      await socialWorker.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(1);

    // when it opens the referral
    await socialWorker.setViewportSize({ width: 1280, height: 800 });
    await link.click();
    await expect(socialWorker.getByRole('heading', { level: 1, name: /Verwijzing voor traject/ })).toBeVisible();
    // then
    await expectAccessible(socialWorker, { what: 'referral page' });
    await screenshots(socialWorker, 'social-work-referral');
    await socialWorker.getByRole('link', { name: 'Mijn caseload' }).click();
    await expect(socialWorker.getByRole('heading', { level: 1, name: 'Mijn caseload' })).toBeVisible();
    await expectAccessible(socialWorker, { what: 'social work caseload' });
    await screenshots(socialWorker, 'social-work-caseload');
    await counsellor.context().close();
    await socialWorker.context().close();
  });
});
