import { expect, test, type Browser, type Page } from '@playwright/test';
import { freshBsn } from './support/bsn';
import { LoopbackReceiver, partnerGatewayAs, signatureVerifies } from './support/partner';
import { expectAccessible, portalApi, screenshots, signIn } from './support/portal.fixtures';

const WOONSTAD = 'urn:nld:ketenpad:partner:PT-WOONSTAD';

async function newSignedInPage(browser: Browser, baseURL: string, orgId: string, role: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  await signIn(context, baseURL, { orgId, role });
  return context.newPage();
}

test.describe.configure({ mode: 'serial' });

test.describe('an integration engineer of a partner (Woonstad)', () => {
  let receiver: LoopbackReceiver;
  let subscriptionUrl: string;
  let secret: string;

  test.beforeAll(async () => {
    receiver = await LoopbackReceiver.start();
  });
  test.afterAll(async () => {
    await receiver?.close();
  });

  test('creates a subscription with the keyboard only and sees its signing secret once, not after a reload', async ({
    browser,
    baseURL,
  }) => {
    // given the partner's workspace
    const page = await newSignedInPage(browser, baseURL!, 'PT-WOONSTAD', 'partner');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
    await page.goto('/');
    await expect(page).toHaveURL(/\/partner$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Webhook-abonnementen' })).toBeVisible();
    await expect(page.getByText(/Laden/)).toHaveCount(0);
    await expectAccessible(page, { what: 'subscription list' });

    // when the engineer opens the form with the keyboard and sends it empty
    await page.getByRole('main').getByRole('link', { name: 'Nieuw abonnement' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Nieuw abonnement' })).toBeVisible();
    await expectAccessible(page, { what: 'subscription form' });
    await screenshots(page, 'partner-new-subscription');
    await page.getByRole('button', { name: 'Abonnement aanmaken' }).focus();
    await page.keyboard.press('Enter');

    // then the error summary takes focus and names both missing answers at their fields
    const summary = page.locator('.kp-error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link', { name: /Vul het webhook-adres in/ })).toBeVisible();
    await expect(summary.getByRole('link', { name: /Kies minstens één soort gebeurtenis/ })).toBeVisible();
    const callbackUrl = page.getByLabel('Webhook-adres (callback-URL)');
    await expect(callbackUrl).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page, { what: 'subscription form with errors' });

    // when the engineer follows the summary's link to the field, types the loopback receiver's URL and ticks the municipality's events, by keyboard
    await summary.getByRole('link', { name: /Vul het webhook-adres in/ }).focus();
    await page.keyboard.press('Enter');
    await expect(callbackUrl).toBeFocused();
    await page.keyboard.type(receiver.url);
    await page.getByRole('checkbox', { name: 'Alles van gemeente' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Abonnement aanmaken' }).focus();
    await page.keyboard.press('Enter');

    // then the gateway checked the receiver (handshake) and the page shows the secret once, with a warning, focused on its heading
    const created = page.getByRole('heading', { level: 1, name: 'Abonnement aangemaakt' });
    await expect(created).toBeFocused({ timeout: 15_000 });
    await expect(page.getByText('U ziet deze sleutel maar één keer.', { exact: false })).toBeVisible();
    const secretField = page.getByLabel('Geheime sleutel (signing secret)');
    secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await page.getByRole('button', { name: 'Sleutel kopiëren' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'De sleutel staat op het klembord.' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expectAccessible(page, { what: 'created subscription with its secret' });
    await screenshots(page, 'partner-subscription-created');
    const link = page.getByRole('link', { name: 'Naar het abonnement' });
    subscriptionUrl = (await link.getAttribute('href'))!;
    expect(subscriptionUrl).toMatch(/^\/partner\/abonnementen\/[0-9a-f-]{36}$/);

    // when the page is reloaded
    await page.reload();

    // then the secret is gone for good: an empty form, and the subscription's own page never shows it
    await expect(page.getByRole('heading', { level: 1, name: 'Nieuw abonnement' })).toBeVisible();
    expect(await page.content()).not.toContain(secret);
    await page.goto(subscriptionUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Abonnement' })).toBeVisible();
    await expect(page.getByText(receiver.url).first()).toBeVisible();
    expect(await page.content()).not.toContain(secret);
    await page.goto('/partner');
    await expect(page.getByRole('link', { name: receiver.url })).toHaveCount(1);
    await expectAccessible(page, { what: 'subscription list with a subscription' });
    await screenshots(page, 'partner-subscriptions');
    await page.context().close();
  });

  test('receives a signed notification of a referral through the chain, sees it arrive in the delivery log, tests the endpoint, pauses and receives nothing more', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    // given the engineer on the subscription's page, and a second subscription of the same partner as a witness of the gateway's deliveries
    const page = await newSignedInPage(browser, baseURL!, 'PT-WOONSTAD', 'partner');
    await page.goto(subscriptionUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Abonnement' })).toBeVisible();
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
    const witness = await LoopbackReceiver.start();
    const witnessSubscription = await portalApi<{ subscriptionId: string }>(
      page.request,
      baseURL!,
      'POST',
      '/api/partner-gateway/subscriptions',
      { callbackUrl: witness.url, eventTypes: ['nl.ketenpad.municipality.*'] },
    );

    try {
      // when a counsellor of Amsterdam registers a help request and refers the resident to Woonstad
      const counsellor = await newSignedInPage(browser, baseURL!, 'GM0363', 'counsellor');
      const { pathwayId } = await portalApi<{ pathwayId: string }>(
        counsellor.request,
        baseURL!,
        'POST',
        '/api/municipality/pathways',
        { bsn: freshBsn(), channel: 'balie' },
      );
      await portalApi(counsellor.request, baseURL!, 'POST', `/api/municipality/pathways/${pathwayId}/referrals`, {
        toOrg: WOONSTAD,
        reason: 'payment-arrears',
        urgent: false,
        warm: false,
      });

      // then the receiver gets the referral (not the help request from before it), signed with the secret the page showed
      await expect
        .poll(() => receiver.ofPathway(pathwayId).map((r) => r.notification.type), { timeout: 30_000 })
        .toEqual(['nl.ketenpad.municipality.referral-made.v1']);
      const [referral] = receiver.ofPathway(pathwayId);
      expect(signatureVerifies(secret, referral!)).toBe(true);
      expect(signatureVerifies(secret, { ...referral!, body: referral!.body.replace('"1.0"', '"1.1"') })).toBe(false);
      expect(referral!.notification).not.toHaveProperty('test');

      // and the delivery log shows it as delivered, without a reload
      const logRow = page.getByRole('row').filter({ hasText: referral!.notification.id });
      await expect(logRow).toBeVisible({ timeout: 15_000 });
      await expect(logRow).toContainText('Afgeleverd');
      await expect(logRow).toContainText('antwoordde met statuscode 204');
      expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
      await expectAccessible(page, { what: 'subscription with its delivery log' });
      await screenshots(page, 'partner-subscription');

      // when the engineer sends a test notification
      const before = receiver.received.length;
      await page.getByRole('button', { name: 'Testmelding versturen' }).click();

      // then the page says how the receiver answered, and the receiver got one signed test notification
      await expect(page.getByText('Testmelding afgeleverd: uw server antwoordde met statuscode 204')).toBeVisible();
      expect(receiver.received).toHaveLength(before + 1);
      const sample = receiver.received.at(-1)!;
      expect(sample.notification).toMatchObject({
        test: true,
        type: 'nl.ketenpad.partner-gateway.test-notification.v1',
        pathwayid: '00000000-0000-0000-0000-000000000000',
      });
      expect(signatureVerifies(secret, sample)).toBe(true);

      // when the engineer pauses the subscription and the counsellor records a contact attempt
      await page.getByRole('button', { name: 'Pauzeren' }).click();
      await expect(page.getByText('Het abonnement is gepauzeerd.')).toBeVisible();
      await expect(page.getByText('Gepauzeerd', { exact: true })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Hervatten' })).toBeVisible();
      const received = receiver.received.length;
      await portalApi(
        counsellor.request,
        baseURL!,
        'POST',
        `/api/municipality/pathways/${pathwayId}/contact-attempts`,
        {
          kind: 'Telefoon',
          reached: false,
        },
      );

      // then the witness subscription receives it (the gateway delivered it), the paused one nothing more
      await expect
        .poll(() => witness.ofPathway(pathwayId).map((r) => r.notification.type.split('.')[3]), { timeout: 30_000 })
        .toEqual(['referral-made', 'contact-attempted']);
      expect(receiver.received).toHaveLength(received);

      // and when it is resumed, the notification kept meanwhile follows
      await page.getByRole('button', { name: 'Hervatten' }).click();
      await expect(page.getByText('Het abonnement is hervat.')).toBeVisible();
      await expect
        .poll(() => receiver.ofPathway(pathwayId).map((r) => r.notification.type.split('.')[3]), { timeout: 30_000 })
        .toEqual(['referral-made', 'contact-attempted']);
      await counsellor.context().close();
    } finally {
      await portalApi(
        page.request,
        baseURL!,
        'DELETE',
        `/api/partner-gateway/subscriptions/${witnessSubscription.subscriptionId}`,
      );
      await witness.close();
    }
    await page.context().close();
  });

  test('deletes the subscription after confirming, and meets the not-found page at another partner organisation’s subscription', async ({
    browser,
    baseURL,
  }) => {
    // given another partner organisation's subscription on the gateway
    const other = await partnerGatewayAs('PT-ANDERS');
    const foreign = await other('POST', '/subscriptions', {
      callbackUrl: receiver.url,
      eventTypes: ['*'],
    });
    expect(foreign.status).toBe(201);
    const foreignId = (foreign.body as { subscriptionId: string }).subscriptionId;

    // when Woonstad's engineer opens its URL
    const page = await newSignedInPage(browser, baseURL!, 'PT-WOONSTAD', 'partner');
    await page.goto(`/partner/abonnementen/${foreignId}`);

    // then it is the portal's not-found page, as for one that does not exist
    await expect(page.getByRole('heading', { level: 1, name: 'Niet gevonden' })).toBeVisible();
    await expect(page.getByText(receiver.url)).toHaveCount(0);
    await other('DELETE', `/subscriptions/${foreignId}`);

    // when the engineer deletes the own subscription, cancelling first
    await page.goto(subscriptionUrl);
    await page.getByRole('button', { name: 'Verwijderen' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Abonnement verwijderen' });
    await expect(dialog).toBeVisible();
    await expectAccessible(page, { include: 'dialog', what: 'delete confirmation' });
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: 'Abonnement' })).toBeVisible();
    await page.getByRole('button', { name: 'Verwijderen' }).click();
    await dialog.getByRole('button', { name: 'Verwijderen' }).click();

    // then the list says so and no longer has it; its URL is not found
    await expect(page).toHaveURL(/\/partner$/);
    await expect(page.getByText(`Het abonnement op ${receiver.url} is verwijderd.`)).toBeVisible();
    await expect(page.getByRole('link', { name: receiver.url })).toHaveCount(0);
    await page.goto(subscriptionUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Niet gevonden' })).toBeVisible();
    await page.context().close();
  });
});
