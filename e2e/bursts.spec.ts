/**
 * Bursts, as a photographer culls them: add a folder of near-identical shots, see it collapse into
 * stacks (the best frame with a count badge), open and close a stack with S, and cull each stack
 * with one key (B: pick the best frame, reject the rest). Against a real `culler serve` on a copy
 * of the corpus' bursts folder (marks write XMP sidecars beside the photos, so never the corpus
 * itself). Screenshots go to test-results/e2e/screenshots/.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { bridgeValue } from './support/bridge.js';
import { makeTempHome, removeTempHome, startCullerServer, type CullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { CORPUS_DIR } from './support/repo-paths.js';
import { SCREENSHOT_DIR } from './support/screenshots.js';

const BURSTS_DIR = path.join(CORPUS_DIR, 'bursts');

type Shoot = {
  /** Screenshot names start with it. */
  name: string;
  /** Corpus photos added to the bursts folder's 15 (four bursts of 4 + 3 + 3 + 3 frames, two singles). */
  singles: ReadonlyArray<readonly [string, string]>;
  photos: number;
  stackedTiles: number;
  /** Models on: faces and eyes in the choice of the best frame, the content embedding in the similarity. */
  models: boolean;
};

async function shot(page: Page, name: string, step: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${step}.png`) });
}

/** The journey, on a copy of the bursts folder plus `shootOf.singles`. */
async function cullBursts(page: Page, shootOf: Shoot): Promise<void> {
  const home = await makeTempHome();
  const shoot = mkdtempSync(path.join(os.tmpdir(), 'culler-e2e-bursts-'));
  cpSync(BURSTS_DIR, shoot, { recursive: true, filter: (source) => !source.endsWith('README.md') });
  for (const [folder, name] of shootOf.singles) cpSync(path.join(CORPUS_DIR, folder, name), path.join(shoot, name));
  const server: CullerServer = await startCullerServer({ home, models: shootOf.models });
  try {
    await openApp(page, server);
    await page.getByTestId('library-tab').click();
    await page.getByTestId('add-folder-input').fill(shoot);
    await page.getByTestId('add-folder-button').click();
    await expect(page.getByTestId('import-progress')).toHaveAttribute('data-state', 'idle', { timeout: 180_000 });
    await expect(page.getByTestId('import-progress')).toContainText(`Imported ${shootOf.photos}`);

    await page.getByTestId('grid-tab').click();
    const grid = page.getByTestId('grid');
    await expect(grid).toHaveAttribute('data-total', String(shootOf.stackedTiles));
    const badges = page.getByTestId('stack-badge');
    await expect(badges).toHaveCount(4);
    expect((await badges.evaluateAll((elements) => elements.map((element) => Number((element as unknown as { dataset: Record<string, string | undefined> }).dataset.size)))).sort()).toEqual([3, 3, 3, 4]);
    await shot(page, shootOf.name, '1-collapsed');

    // S opens the selected stack (its frames join the grid) and closes it again.
    const firstStack = page.getByTestId('grid-tile').filter({ has: page.getByTestId('stack-badge') }).first();
    await firstStack.click();
    const size = Number(await firstStack.getByTestId('stack-badge').getAttribute('data-size'));
    await page.keyboard.press('s');
    await expect(grid).toHaveAttribute('data-total', String(shootOf.stackedTiles + size - 1));
    await expect(page.locator('[data-testid="stack-badge"][data-open="true"]')).toHaveCount(size);
    await shot(page, shootOf.name, '2-stack-open');
    await page.keyboard.press('s');
    await expect(grid).toHaveAttribute('data-total', String(shootOf.stackedTiles));

    // The detail view says which burst a photo is in and why its best frame is best.
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('stack-info')).toContainText(`Burst of ${size}`);
    await expect(page.getByTestId('stack-info')).toContainText(/Frame \d: /);
    await expect(page.getByTestId('detail-preview').locator('img')).toHaveJSProperty('complete', true);
    await shot(page, shootOf.name, '2b-detail');
    await page.keyboard.press('Escape');

    // One key per stack: B picks the best frame and rejects the others.
    const stackTiles = page.getByTestId('grid-tile').filter({ has: page.getByTestId('stack-badge') });
    for (let index = 0; index < 4; index++) {
      await stackTiles.nth(index).click();
      await page.keyboard.press('b');
      await expect(stackTiles.nth(index).getByTestId('mark-indicator')).toHaveAttribute('data-mark', 'pick');
    }
    await shot(page, shootOf.name, '3-culled');

    const groups = await bridgeValue(page.request, server, 'groups:list', undefined);
    const photos = await bridgeValue(page.request, server, 'photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 100 });
    const markOf = new Map(photos.items.map((photo) => [photo.id, photo.mark]));
    expect(photos.total).toBe(shootOf.photos);
    for (const group of groups) {
      expect(markOf.get(group.bestPhotoId)).toBe('pick');
      for (const id of group.photoIds.filter((photoId) => photoId !== group.bestPhotoId)) expect(markOf.get(id)).toBe('reject');
      expect(group.reason).toMatch(/^Frame \d: /);
    }

    // The user's edits: detach a frame from the open 4-frame stack, then merge it back with M.
    const bigStack = page.getByTestId('grid-tile').filter({ has: page.locator('[data-testid="stack-badge"][data-size="4"]') }).first();
    await bigStack.click();
    await page.keyboard.press('s');
    await expect(page.locator('[data-testid="stack-badge"][data-open="true"]')).toHaveCount(4);
    // The last of its frames in the grid: M merges a photo with the tile before it, and a frame
    // that scores above its stack's best (the best is chosen on eyes and focus, not the score
    // alone) could stand first, with no tile before it.
    const loose = page.getByTestId('grid-tile').filter({ has: page.locator('[data-testid="stack-badge"][data-best="false"]') }).last();
    const looseId = Number(await loose.getAttribute('data-photo-id'));
    await loose.getByTestId('stack-detach').click();
    // The frame stands alone (no badge), its stack holds three.
    await expect(page.locator(`[data-testid="grid-tile"][data-photo-id="${looseId}"] [data-testid="stack-badge"]`)).toHaveCount(0);
    const afterDetach = await bridgeValue(page.request, server, 'groups:list', undefined);
    expect(afterDetach.map((group) => group.photoIds.length).sort()).toEqual([3, 3, 3, 3]);
    expect(afterDetach.some((group) => group.photoIds.includes(looseId))).toBe(false);
    await shot(page, shootOf.name, '4-detached');
    const order = await page.getByTestId('grid-tile').evaluateAll((elements) => elements.map((element) => Number((element as unknown as { dataset: Record<string, string | undefined> }).dataset.photoId)));
    const before = order[order.indexOf(looseId) - 1]!;
    await page.locator(`[data-testid="grid-tile"][data-photo-id="${looseId}"]`).click();
    await page.keyboard.press('m');
    await expect
      .poll(async () => (await bridgeValue(page.request, server, 'groups:list', undefined)).some((group) => group.photoIds.includes(looseId) && group.photoIds.includes(before)))
      .toBe(true);
    await shot(page, shootOf.name, '5-merged');
  } finally {
    await server.stop();
    await removeTempHome(home);
    rmSync(shoot, { recursive: true, force: true });
  }
}

test('bursts collapse into stacks, open with S, and each is culled with one key', async ({ page }) => {
  await cullBursts(page, { name: 'bursts', singles: [], photos: 15, stackedTiles: 6, models: false });
});

test('a burst-heavy folder with singles, models on: collapses into stacks, each culled with one key', async ({ page }) => {
  const singles = [['faces', 'obama.jpg'], ['faces', 'biden.jpg'], ['faces', 'two_people.jpg']] as const;
  await cullBursts(page, { name: 'bursts-models', singles, photos: 18, stackedTiles: 9, models: true });
});
