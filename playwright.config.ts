import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './e2e/support/chromium.js';

/**
 * End-to-end tests: Debian's Chromium drives the browser build of the app served by a real
 * `culler serve` (real SQLite, real photos from the shared corpus). No browser is downloaded.
 *
 * One worker: each spec starts its own server, and rating with the models on a 2-core machine
 * already uses every core. Timeouts are generous for the same reason.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: ['**/*.spec.ts', '**/*.e2e.ts'],
  // Failure screenshots and traces land here (cleared at the start of each run); the journey's
  // step screenshots go to test-results/e2e/screenshots/ (see e2e/support/screenshots.ts).
  outputDir: 'test-results/e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // The culling journey rates 17 photos with the models on, restarts the server and reviews.
  timeout: 15 * 60_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    launchOptions: CHROMIUM_LAUNCH,
    viewport: { width: 1400, height: 900 },
    actionTimeout: 20_000,
    navigationTimeout: 60_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    video: 'off',
  },
});
