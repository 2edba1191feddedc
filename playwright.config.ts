import { defineConfig } from '@playwright/test';

/**
 * Chromium specs drive Debian's /usr/bin/chromium (no browser download works here); Firefox specs live under
 * `test/e2e/firefox/` and drive /usr/bin/firefox-esr themselves through puppeteer-core over WebDriver BiDi,
 * because Playwright cannot load a Firefox extension.
 */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: '.tmp/test-results',
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    { name: 'chromium', testIgnore: /firefox\// },
    { name: 'firefox', testMatch: /firefox\/.*\.spec\.ts/ },
  ],
});
