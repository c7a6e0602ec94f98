import { expect, test, type Page } from '@playwright/test';
import { dutchLongDate, registerHelpRequest, signedInPage, tabTo, waitForCourtCase } from './support/court-liaison';
import { csrfToken, expectAccessible, screenshots } from './support/portal.fixtures';

test.describe.configure({ mode: 'serial' });

/** One action of the case page: the section named by its heading. */
const card = (page: Page, title: string | RegExp) =>
  page.locator('section.kp-action').filter({ has: page.getByRole('heading', { level: 3, name: title }) });

test.describe('the court liaison of Amsterdam (RB-AMS)', () => {
  let pathwayId: string;
  let moratoriumEndsAt: string;

  test('a referral from the counsellor reaches the inbox of the court liaison, waiting for an answer', async ({
    browser,
    baseURL,
  }) => {
    // given a counsellor of Amsterdam who registers a help request for a new resident
    const counsellor = await signedInPage(browser, baseURL!, 'GM0363', 'counsellor');
    pathwayId = await registerHelpRequest(counsellor, baseURL!);

    // when the counsellor refers the resident to the court liaison on the pathway page
    await counsellor.goto(`/trajecten/${pathwayId}`);
    await expect(counsellor.getByRole('heading', { level: 1, name: /traject/i })).toBeVisible();
    await counsellor.getByLabel('Naar', { exact: true }).selectOption({ label: 'Rechtbank Amsterdam, schuldenloket' });
    await counsellor.getByLabel('Reden', { exact: true }).selectOption('court-procedure');
    await counsellor.getByRole('button', { name: 'Doorverwijzen' }).click();
    await expect(counsellor.getByText('Vastgelegd: Doorverwijzen.')).toBeVisible();

    // then the court liaison, sent to its own workspace, finds it among the referrals to answer
    const court = await signedInPage(browser, baseURL!, 'RB-AMS', 'court-liaison');
    await waitForCourtCase(court, baseURL!, pathwayId);
    await court.goto('/');
    await expect(court).toHaveURL(/\/rechtbank$/);
    await expect(court.getByRole('heading', { level: 1, name: 'Verwijzingen en zaken' })).toBeVisible();
    const waiting = court.getByRole('region', { name: /wachten op uw antwoord/ });
    const row = waiting.getByRole('row').filter({ has: court.locator(`a[href="/rechtbank/zaken/${pathwayId}"]`) });
    await expect(row).toContainText('Gerechtelijke procedure');
    await expect(row.getByRole('link')).toHaveText(/^Zaak [0-9A-F]{8} beantwoorden$/);
    await expectAccessible(court, { what: 'court inbox' });
    await screenshots(court, 'court-inbox');
    await counsellor.context().close();
    await court.context().close();
  });

  test('accepts the referral and requests and grants a moratorium, the grant by keyboard only; steps not allowed in the state are not offered', async ({
    browser,
    baseURL,
  }) => {
    // given the case, opened from the inbox
    const court = await signedInPage(browser, baseURL!, 'RB-AMS', 'court-liaison');
    await court.goto('/rechtbank');
    await court
      .getByRole('region', { name: /wachten op uw antwoord/ })
      .locator(`a[href="/rechtbank/zaken/${pathwayId}"]`)
      .click();
    await expect(court.getByRole('heading', { level: 1, name: /^Zaak / })).toBeVisible();
    const answer = card(court, /Verwijzing van .* beantwoorden/);
    // (nothing can be granted before it was requested: the grant is not offered yet)
    await expect(card(court, 'Moratorium toekennen')).toHaveCount(0);

    // when the court liaison accepts the referral
    await answer.getByRole('button', { name: 'Verwijzing accepteren' }).click();

    // then the referral is accepted and no longer asks for an answer
    await expect(court.getByText(/Vastgelegd: Verwijzing van .* beantwoorden\./)).toBeVisible();
    await expect(answer).toHaveCount(0);
    const referrals = court.getByRole('region', { name: /verwijzingen naar de rechtbank/i });
    await expect(referrals.getByText('Geaccepteerd')).toBeVisible();

    // when a moratorium is requested on the basis of art. 287b Fw, confirmed in a dialog
    const request = card(court, 'Moratorium aanvragen');
    await request.getByRole('radio', { name: /287b Fw/ }).check();
    await request.getByRole('button', { name: 'Moratorium aanvragen' }).click();
    const dialog = court.getByRole('alertdialog');
    await expect(dialog).toContainText('art. 287b Fw');
    await dialog.getByRole('button', { name: 'Bevestigen' }).click();

    // then the request is recorded, and only granting or rejecting it is offered for the moratorium
    await expect(court.getByText('Vastgelegd: Moratorium aanvragen.')).toBeVisible();
    await expect(court.getByText(/^Aangevraagd op .*287b Fw/)).toBeVisible();
    await expect(card(court, 'Moratorium aanvragen')).toHaveCount(0);
    const grant = card(court, 'Moratorium toekennen');
    await expect(grant).toBeVisible();
    await expect(card(court, 'Moratorium afwijzen')).toBeVisible();

    // when the moratorium is granted with the keyboard only: Tab to the button, Enter, Enter in the dialog
    const startsAt = await grant.getByLabel('Eerste dag').inputValue();
    moratoriumEndsAt = await grant.getByLabel('Laatste dag').inputValue();
    expect(moratoriumEndsAt > startsAt).toBe(true);
    await tabTo(court, grant.getByRole('button', { name: 'Moratorium toekennen' }));
    await court.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Bevestigen' })).toBeFocused();
    await expectAccessible(court, { what: 'moratorium grant confirmation', include: '[role="alertdialog"]' });
    await court.keyboard.press('Enter');

    // then the case shows the moratorium in force, its last day and the day the system ends it by itself
    await expect(court.getByText('Vastgelegd: Moratorium toekennen.')).toBeVisible();
    const overview = court.getByRole('region', { name: 'Stand van de zaak' });
    await expect(overview).toContainText(/Toegekend: van .* tot en met /);
    await expect(overview).toContainText(/Eindigt vanzelf op /);
    // and with a moratorium in force, neither a new request nor a second grant is offered
    await expect(card(court, 'Moratorium aanvragen')).toHaveCount(0);
    await expect(card(court, 'Moratorium toekennen')).toHaveCount(0);
    // (the service agrees: it refuses a new request while the moratorium is in force)
    const refused = await court.request.post(`${baseURL}/api/court-liaison/pathways/${pathwayId}/moratorium/request`, {
      headers: { origin: baseURL!, 'x-csrf-token': await csrfToken(court.request, baseURL!) },
      data: { basis: 'Wgs-5' },
    });
    expect(refused.status()).toBe(409);
    await court.context().close();
  });

  test('the case page shows the chain timeline, passes axe and reflows at 390 px', async ({ browser, baseURL }) => {
    const court = await signedInPage(browser, baseURL!, 'RB-AMS', 'court-liaison');
    await court.goto(`/rechtbank/zaken/${pathwayId}`);
    await expect(court.getByRole('list', { name: 'Ketentijdlijn' }).getByText('Moratorium toegekend')).toBeVisible({
      timeout: 15_000,
    });
    await expectAccessible(court, { what: 'court case page' });
    await screenshots(court, 'court-case');
    await court.context().close();
  });

  test("shows the service's refusal in its own words", async ({ browser, baseURL }) => {
    // given the case of the first test
    const court = await signedInPage(browser, baseURL!, 'RB-AMS', 'court-liaison');
    await court.goto(`/rechtbank/zaken/${pathwayId}`);
    const measure = card(court, 'Voorlopige voorziening vastleggen');

    // when a voorlopige voorziening is entered that ends before today
    await measure.getByLabel('Geldt tot en met').fill('2020-01-31');
    await measure.getByRole('button', { name: 'Voorlopige voorziening vastleggen' }).click();
    await court.getByRole('alertdialog').getByRole('button', { name: 'Bevestigen' }).click();

    // then the service's message is shown next to the form, and nothing was recorded
    await expect(measure.getByRole('alert')).toContainText(
      'endsAt (2020-01-31) cannot be before the day of the ruling',
    );
    await expect(court.getByRole('region', { name: 'Stand van de zaak' })).toContainText(
      /Voorlopige voorziening.*Geen/,
    );
    await court.context().close();
  });

  test("the counsellor's pathway page shows the moratorium's end date", async ({ browser, baseURL }) => {
    const counsellor = await signedInPage(browser, baseURL!, 'GM0363', 'counsellor');
    await counsellor.goto(`/trajecten/${pathwayId}`);
    const summary = counsellor.getByRole('region', { name: 'Samenvatting' });
    await expect(summary.getByText('Einde moratorium')).toBeVisible({ timeout: 15_000 });
    await expect(summary).toContainText(`Laatste dag ${dutchLongDate(moratoriumEndsAt)}`);
    await counsellor.context().close();
  });

  test("gets the portal's not-found page for another organisation's workspace and another municipality's pathway", async ({
    browser,
    baseURL,
  }) => {
    // given a pathway of another municipality (GM0344), never referred to the court
    const other = await signedInPage(browser, baseURL!, 'GM0344', 'counsellor');
    const foreign = await registerHelpRequest(other, baseURL!);
    const court = await signedInPage(browser, baseURL!, 'RB-AMS', 'court-liaison');

    // when / then: social work's workspace, the pathway, and a case URL for it are all "not found"
    for (const path of ['/sociaal-werk', `/trajecten/${foreign}`, `/rechtbank/zaken/${foreign}`]) {
      await court.goto(path);
      await expect(court.getByRole('heading', { level: 1, name: 'Niet gevonden' }), path).toBeVisible();
    }
    await expectAccessible(court, { what: 'not-found page for a court liaison' });
    await other.context().close();
    await court.context().close();
  });
});
