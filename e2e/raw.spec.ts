/**
 * Camera RAW in the app, as a new user meets it: add a folder of RAW files (../shared/corpus/raw,
 * read in place: the app writes nothing into photo folders), watch every usable RAW get rated from
 * its embedded preview, upright, with camera and lens, and the rest fail with a reason.
 * Screenshots go to test-results/e2e/raw-*.png.
 */
import path from 'node:path';
import { bridgeValue } from './support/bridge.js';
import { makeTempHome, removeTempHome, startCullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { CORPUS_DIR, REPO_ROOT } from './support/repo-paths.js';

const RAW_DIR = path.join(CORPUS_DIR, 'raw');
const SHOTS = path.join(REPO_ROOT, 'test-results', 'e2e');

test('a folder of RAW files: rated from their previews, with camera and lens, and clear reasons for the rest', async ({ page }) => {
  const home = await makeTempHome();
  const server = await startCullerServer({ home, models: false });
  try {
    await openApp(page, server);
    await page.getByTestId('library-tab').click();
    await page.getByTestId('add-folder-input').fill(RAW_DIR);
    await page.getByTestId('add-folder-button').click();
    await expect(page.getByTestId('import-progress')).toHaveAttribute('data-state', 'idle', { timeout: 5 * 60_000 });
    await expect(page.getByTestId('import-progress')).toContainText('Imported 14');

    await page.getByTestId('grid-tab').click();
    await expect(page.getByTestId('grid')).toHaveAttribute('data-total', '14');
    // Seven RAWs with a usable preview, plus the .nef that is a JPEG; seven refused with a reason.
    const list = await bridgeValue(page.request, server, 'photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 100 });
    expect(list.items.filter((photo) => photo.status === 'rated')).toHaveLength(7);
    expect(new Set(list.items.filter((photo) => photo.status === 'failed').map((photo) => photo.errorCode))).toEqual(new Set(['raw_preview_too_small', 'raw_no_preview']));
    // Rated RAWs carry their format on the tile; the refused ones say why instead.
    await expect(page.getByTestId('raw-badge')).toHaveCount(6);
    await page.screenshot({ path: path.join(SHOTS, 'raw-grid.png'), fullPage: true });

    const nef = list.items.find((photo) => photo.name === 'nikon-d7100-truncated.nef')!;
    expect(nef).toMatchObject({ rawFormat: 'nef', camera: 'NIKON D7100', width: 6000, height: 4000 });
    await page.locator(`[data-testid="grid-tile"][data-photo-id="${nef.id}"]`).click();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('detail-view');
    await expect(detail).toBeVisible();
    await expect(detail).toContainText('rated on its embedded 6000×4000 preview');
    await expect(detail).toContainText('Manual Lens No CPU');
    await expect(detail).toContainText('ISO 100');
    await page.screenshot({ path: path.join(SHOTS, 'raw-detail.png'), fullPage: true });
  } finally {
    await server.stop();
    await removeTempHome(home);
  }
});
