import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectAccessible, portalApi, screenshots, signIn } from './support/portal.fixtures';

/** RFC 4180 rows of a CSV text (the portal's export: comma, quotes doubled, BOM). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

interface FlowAnswer {
  weeks: { week: string; arrivals: number; closures: number }[];
}

test.describe('the chain coordinator', () => {
  test.beforeEach(async ({ context, baseURL }) => {
    await signIn(context, baseURL!, { orgId: 'KR-001', role: 'coordinator' });
  });

  test('opens the dashboard on demo data, changes the period, and downloads a CSV whose rows are the API figures', async ({
    page,
    baseURL,
  }) => {
    // given the dashboard
    await page.goto('/');
    await expect(page).toHaveURL(/\/ketenregie/);
    await expect(page.getByRole('heading', { level: 1, name: 'Ketenregie' })).toBeVisible();
    const flowSection = page.locator('section', { has: page.getByRole('heading', { level: 2, name: /instroom/i }) });
    await expect(flowSection.getByRole('table')).toBeVisible({ timeout: 20_000 });
    // every chart has a text alternative
    const charts = page.locator('.kp-chart');
    expect(await charts.count()).toBeGreaterThan(3);
    for (const chart of await charts.all()) {
      await expect(chart).toHaveAttribute('role', 'img');
      await expect(chart).toHaveAttribute('aria-label', /.+/);
    }
    await expectAccessible(page, { what: 'dashboard' });
    await screenshots(page, 'dashboard');

    // when the coordinator narrows the period to the last 26 weeks for Amsterdam
    const from = new Date(Date.now() - 26 * 7 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Gemeente').selectOption('GM0363');
    await page.getByLabel(/vanaf/i).fill(from);
    await page.getByRole('button', { name: /toon cijfers/i }).click();

    // then the filters are in the URL, so the view can be shared
    await expect(page).toHaveURL(new RegExp(`municipality=GM0363.*from=${from}|from=${from}.*municipality=GM0363`));
    // and the flow shows the new period (the table of the old one stays visible while the new figures load)
    await expect(flowSection).toContainText(`Weken van ${from}`, { timeout: 20_000 });
    await expect(flowSection.getByRole('table')).toBeVisible();

    // when the flow table is downloaded
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      flowSection.getByRole('button', { name: /csv/i }).first().click(),
    ]);
    const csv = parseCsv(readFileSync(await download.path(), 'utf8'));

    // then its rows are exactly the figures the API gives for the same filters
    const api = await portalApi<FlowAnswer>(
      page.request,
      baseURL!,
      'GET',
      `/api/timeline/bottlenecks/flow?municipality=GM0363&from=${from}`,
    );
    const [header, ...rows] = csv;
    expect(header!.length).toBeGreaterThanOrEqual(3);
    expect(rows.map((r) => [r[0], Number(r[1]), Number(r[2])])).toEqual(
      api.weeks.map((w) => [w.week, w.arrivals, w.closures]),
    );
    expect(api.weeks.some((w) => w.arrivals > 0)).toBe(true);
  });

  test('drills down from a pathway in the figures to its pseudonymous chain timeline', async ({ page }) => {
    // given the dashboard with demo data
    await page.goto('/ketenregie');
    const drillDown = page
      .getByRole('main')
      .getByRole('link', { name: /traject/i })
      .first();
    await expect(drillDown).toBeVisible({ timeout: 20_000 });

    // when
    await drillDown.click();

    // then the chain timeline of that pathway, without personal data
    await expect(page).toHaveURL(/\/trajecten\/[0-9a-f-]{36}/);
    await expect(page.getByRole('heading', { level: 1, name: /traject/i })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: /tijdlijn/i })).toBeVisible();
    await expect(page.getByText(/BSN/)).toHaveCount(0);
    await expectAccessible(page, { what: 'pathway timeline (coordinator)' });
    await screenshots(page, 'pathway-coordinator');
  });
});
