import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests of the portal against the real stack (see support/global-setup.ts).
 * Debian's Chromium: Playwright cannot download its own browser on our machines.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.pw.spec.ts',
  globalSetup: './support/global-setup.ts',
  // One stack, shared state (demo data, live streams): one worker, tests in file order.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: '../../../.data/playwright/results',
  reporter: [['list']],
  use: {
    baseURL: process.env.PORTAL_URL,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Without the background-networking flags Chromium keeps dialling out on a closed network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
});
