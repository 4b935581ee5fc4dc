/**
 * The cull going out, as a person does it: import a copy of three corpus portraits, pick and
 * reject with the keyboard, give colour labels with 6–9, see the sidecars appear beside the
 * photos (read back with the exiftool command), then export the picks from the Export dialog.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { exiftoolReads } from '../test-support/exiftool-cli.js';
import { makeTempHome, removeTempHome, startCullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { FACES_DIR } from './support/repo-paths.js';

test('labels with 6–9, sidecars on every mark, export of the picks', async ({ page }) => {
  const root = await makeTempHome('culler-e2e-cull-out-');
  const shoot = path.join(root, 'shoot');
  const picks = path.join(root, 'picks');
  mkdirSync(shoot);
  mkdirSync(picks);
  for (const name of ['obama.jpg', 'biden.jpg', 'img1.jpg']) copyFileSync(path.join(FACES_DIR, name), path.join(shoot, name));
  const server = await startCullerServer({ home: path.join(root, 'home'), models: false });
  try {
    await openApp(page, server);
    await page.getByTestId('library-tab').click();
    await page.getByTestId('add-folder-input').fill(shoot);
    await page.getByTestId('add-folder-button').click();
    await expect(page.getByTestId('import-progress')).toContainText('Imported 3', { timeout: 120_000 });
    await page.getByTestId('grid-tab').click();
    await expect(page.getByTestId('grid-tile')).toHaveCount(3);

    const tile = (index: number) => page.getByTestId('grid-tile').nth(index);
    const nameOf = async (index: number) => (await tile(index).getAttribute('data-name'))!;
    // Each mark moves on to the next photo (auto-advance), so each photo is clicked before its label.
    await tile(0).click();
    await page.keyboard.press('p');
    await tile(0).click();
    await page.keyboard.press('8');
    await expect(tile(0).getByTestId('label-badge')).toHaveAttribute('data-label', 'green');
    await tile(1).click();
    await page.keyboard.press('x');
    await tile(1).click();
    await page.keyboard.press('6');
    await expect(tile(1).getByTestId('label-badge')).toHaveAttribute('data-label', 'red');
    const picked = await nameOf(0);
    const rejected = await nameOf(1);
    const sidecar = (name: string) => path.join(shoot, name.replace(/\.[^.]+$/, '.xmp'));
    await expect.poll(() => existsSync(sidecar(rejected)), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => exiftoolReads(sidecar(picked))['XMP-xmp:Label'], { timeout: 20_000 }).toBe('Green');
    expect(exiftoolReads(sidecar(picked))).toMatchObject({ 'XMP-culler:Pick': 'pick' });
    await expect.poll(() => exiftoolReads(sidecar(rejected))['XMP-xmp:Label'], { timeout: 20_000 }).toBe('Red');
    expect(exiftoolReads(sidecar(rejected))).toMatchObject({ 'XMP-xmp:Rating': -1 });

    await page.getByTestId('export-button').click();
    await page.getByTestId('export-destination').fill(picks);
    await page.getByTestId('export-run').click();
    await expect(page.getByTestId('export-summary')).toHaveAttribute('data-exported', '1');
    expect(readdirSync(picks).sort()).toEqual([picked, path.basename(sidecar(picked))].sort());
  } finally {
    await server.stop();
    await removeTempHome(root);
  }
});
