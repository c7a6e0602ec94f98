import { expect, test } from '@playwright/test';
import { expectAccessible, portalApi, signIn } from './support/portal.fixtures';
import { freshBsn } from './support/bsn';

test.describe("the municipality's privacy officer", () => {
  test('erases a resident’s personal data after a confirmation that names what goes and what stays', async ({
    browser,
    baseURL,
  }) => {
    // given a counsellor's pathway with a resident
    const counsellor = await browser.newContext({ baseURL });
    await signIn(counsellor, baseURL!, { orgId: 'GM0363', role: 'counsellor' });
    const opened = await portalApi<{ pathwayId: string }>(
      counsellor.request,
      baseURL!,
      'POST',
      '/api/municipality/pathways',
      {
        bsn: freshBsn(),
        channel: 'balie',
        contact: { name: 'J. de Vries' },
      },
    );
    const admin = await browser.newContext({ baseURL });
    await signIn(admin, baseURL!, { orgId: 'GM0363', role: 'admin' });
    const page = await admin.newPage();
    await page.goto(`/trajecten/${opened.pathwayId}`);
    await expect(page.getByRole('heading', { level: 1, name: /traject/i })).toBeVisible({ timeout: 15_000 });

    // when the officer asks to erase, the dialog says what will be removed
    await page.getByRole('button', { name: 'Persoonsgegevens wissen' }).click();
    const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog'));
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('BSN');
    await expect(dialog).toContainText('contactgegevens');
    await expect(dialog).toContainText('pseudonieme tijdlijn blijft');
    await expectAccessible(page, { what: 'erasure confirmation dialog' });

    // and cancelling changes nothing
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await expect(dialog).toBeHidden();
    const kept = await portalApi<{ resident: unknown }>(
      counsellor.request,
      baseURL!,
      'GET',
      `/api/municipality/pathways/${opened.pathwayId}`,
    );
    expect(kept.resident).not.toBeNull();

    // when confirmed
    await page.getByRole('button', { name: 'Persoonsgegevens wissen' }).click();
    await dialog.getByRole('button', { name: 'Bevestigen' }).click();

    // then the resident's data is gone from the municipality's file
    await expect(page.getByText(/Vastgelegd: Persoonsgegevens wissen/)).toBeVisible({ timeout: 15_000 });
    const erased = await portalApi<{ resident: unknown }>(
      counsellor.request,
      baseURL!,
      'GET',
      `/api/municipality/pathways/${opened.pathwayId}`,
    );
    expect(erased.resident).toBeNull();
    await counsellor.close();
    await admin.close();
  });
});
