/**
 * Marks land on the photo the user is looking at (issue 10, point 1): with a photo open in the
 * detail view, new files arriving in the watched folder re-sort the grid under it; the view must
 * stay on that photo (its id), and X must reject that photo, not whichever slid into its place.
 * A photo whose file is deleted closes its view with a notice.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { bridgeValue } from './support/bridge.js';
import { makeTempHome, removeTempHome, startCullerServer, type CullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { FACES_DIR } from './support/repo-paths.js';
import { showEveryFrame } from './support/stacks.js';

const FIRST_BATCH = ['obama.jpg', 'biden.jpg', 'img1.jpg', 'john1.jpeg', 'obama-240p.jpg'];
const IMPORT_TIMEOUT_MS = 4 * 60_000;

async function listByScore(page: Page, server: CullerServer) {
  return (await bridgeValue(page.request, server, 'photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 100 })).items;
}

test('a photo open in the detail view keeps the marks while new files re-sort the grid; a deleted one closes with a notice', async ({ page }) => {
  const home = await makeTempHome();
  const folder = await mkdtemp(path.join(os.tmpdir(), 'culler-e2e-watched-'));
  for (const name of FIRST_BATCH) await copyFile(path.join(FACES_DIR, name), path.join(folder, name));
  const server = await startCullerServer({ home, models: false });
  try {
    await openApp(page, server);
    await page.getByTestId('library-tab').click();
    await page.getByTestId('add-folder-input').fill(folder);
    await page.getByTestId('add-folder-button').click();
    await expect(page.getByTestId('import-progress')).toContainText(`Imported ${FIRST_BATCH.length}`, { timeout: IMPORT_TIMEOUT_MS });

    await page.getByTestId('grid-tab').click();
    // The arriving files are copies of one photo: stacked, they would share one grid position.
    await showEveryFrame(page);
    await expect(page.getByTestId('grid-tile')).toHaveCount(FIRST_BATCH.length);
    const before = await listByScore(page, server);
    const best = before[0]!;
    const looked = before[before.length - 1]!;
    expect(best.score!, 'the first and last photo must differ in score').toBeGreaterThan(looked.score!);

    // Open the lowest-scoring photo: the last of the grid.
    await page.locator(`[data-testid="grid-tile"][data-photo-id="${looked.id}"]`).click();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('detail-view');
    await expect(detail).toHaveAttribute('data-photo-id', String(looked.id));
    await expect(detail.locator('.detail-position')).toHaveText(`${FIRST_BATCH.length} of ${FIRST_BATCH.length}`);

    // Three copies of the best photo arrive: they sort ahead of the open one.
    for (const copy of ['arrived-1.jpg', 'arrived-2.jpg', 'arrived-3.jpg']) await copyFile(path.join(folder, best.name), path.join(folder, copy));
    const total = FIRST_BATCH.length + 3;
    await expect.poll(async () => (await listByScore(page, server)).length, { timeout: IMPORT_TIMEOUT_MS }).toBe(total);
    // The view follows the photo: same id, its new position.
    await expect(detail.locator('.detail-position')).toHaveText(`${total} of ${total}`);
    await expect(detail).toHaveAttribute('data-photo-id', String(looked.id));

    await page.keyboard.press('x');
    await expect.poll(async () => (await listByScore(page, server)).filter((photo) => photo.mark === 'reject').map((photo) => photo.id)).toEqual([looked.id]);

    // The file of the open photo is deleted: the view closes and says so.
    await rm(path.join(folder, looked.name));
    await expect(page.getByTestId('grid')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('notice').filter({ hasText: looked.name })).toBeVisible();
  } finally {
    await server.stop();
    await removeTempHome(home);
    await rm(folder, { recursive: true, force: true });
  }
});
