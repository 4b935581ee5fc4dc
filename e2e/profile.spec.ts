/**
 * The shoot profile, as a landscape photographer meets it: two camera landscapes (no face) wait in
 * the review queue under the default portfolio profile, each for "no face"; Settings → Shoot profile
 * → Landscape / other empties the queue at once, without reading the photos again.
 * Screenshots go to test-results/e2e/profile-*.png.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bridgeValue } from './support/bridge.js';
import { makeTempHome, removeTempHome, startCullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { CORPUS_DIR, REPO_ROOT } from './support/repo-paths.js';

const SHOTS = path.join(REPO_ROOT, 'test-results', 'e2e');

test('landscapes leave the review queue when the library is switched to the landscape profile', async ({ page }) => {
  const home = await makeTempHome();
  const photos = mkdtempSync(path.join(os.tmpdir(), 'culler-e2e-landscapes-'));
  for (const name of ['apple-iphone-5.jpg', 'samsung-galaxy-note3.jpg']) copyFileSync(path.join(CORPUS_DIR, 'camera', name), path.join(photos, name));
  const server = await startCullerServer({ home });
  try {
    await openApp(page, server);
    await page.getByTestId('library-tab').click();
    await page.getByTestId('add-folder-input').fill(photos);
    await page.getByTestId('add-folder-button').click();
    // Idle before the import starts too: wait for the count (the first run converts the face models).
    await expect(page.getByTestId('import-progress')).toContainText('Imported 2', { timeout: 5 * 60_000 });
    await expect(page.getByTestId('import-progress')).toHaveAttribute('data-state', 'idle', { timeout: 5 * 60_000 });

    await expect(page.getByTestId('review-tab').locator('.tab-count')).toHaveText('2', { timeout: 30_000 });
    await page.getByTestId('review-tab').click();
    await expect(page.getByTestId('review-progress')).toHaveAttribute('data-count', '2');
    await expect(page.getByTestId('review-reason')).toHaveText('No face was found, and the portfolio profile asks for one (Settings → Shoot profile).');
    await page.screenshot({ path: path.join(SHOTS, 'profile-review-portfolio.png'), fullPage: true });

    await page.getByTestId('settings-tab').click();
    const select = page.getByTestId('profile-select');
    await expect(select).toHaveValue('portfolio');
    await select.selectOption('landscape');
    await expect(page.getByTestId('profile-summary')).toContainText('No face is fine');

    const settings = await bridgeValue(page.request, server, 'settings:get', undefined);
    expect(settings.profile).toBe('landscape');
    await expect(page.getByTestId('review-tab').locator('.tab-count')).toHaveCount(0);
    await page.screenshot({ path: path.join(SHOTS, 'profile-settings.png'), fullPage: true });
    const facets = await bridgeValue(page.request, server, 'photos:facets', undefined);
    expect(facets.reviewPending).toBe(0);
  } finally {
    await server.stop();
    await removeTempHome(home);
    rmSync(photos, { recursive: true, force: true });
  }
});
