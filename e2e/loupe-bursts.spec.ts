/**
 * Bursts in the loupe, as a photographer culls them: a collapsed stack opened full screen shows
 * its frames in a strip, ↓ / ↑ step through them (the grid keeps the burst as one stack), a mark
 * on a frame lands on that frame and auto-advance goes on to the next frame; C on a stack compares
 * its frames best first and P there picks the winner and rejects the others (undone with Ctrl+Z).
 * On a copy of the corpus' bursts folder (four bursts, two singles) through a real `culler serve`.
 * Step screenshots (JPEG) go to test-results/e2e/loupe-bursts/.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { bridgeValue } from './support/bridge.js';
import { makeTempHome, removeTempHome, startCullerServer, type CullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { CORPUS_DIR, REPO_ROOT } from './support/repo-paths.js';

const BURSTS_DIR = path.join(CORPUS_DIR, 'bursts');
const PHOTOS = 15;
const STACKED_TILES = 6;
const SHOTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e', 'loupe-bursts');

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `loupe-bursts-${name}.jpg`), type: 'jpeg', quality: 78 });
}

/** The loupe shows the photo's pixels (not an empty stage) before a screenshot says it does. */
async function expectPhotoShown(page: Page): Promise<void> {
  const image = page.getByTestId('zoom-stage').locator('img.zoom-image').first();
  await expect.poll(() => image.evaluate((element) => {
    const shown = element as unknown as { complete: boolean; naturalWidth: number };
    return shown.complete && shown.naturalWidth > 0;
  }), { timeout: 30_000 }).toBe(true);
}

async function marksById(page: Page, server: CullerServer): Promise<Map<number, string | null>> {
  const list = await bridgeValue(page.request, server, 'photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 100 });
  return new Map(list.items.map((item) => [item.id, item.mark]));
}

test('the loupe steps through a collapsed burst, marks land on its frames, C compares the stack best first', async ({ page }) => {
  const home = await makeTempHome();
  const shoot = mkdtempSync(path.join(os.tmpdir(), 'culler-e2e-loupe-bursts-'));
  cpSync(BURSTS_DIR, shoot, { recursive: true, filter: (source) => !source.endsWith('README.md') });
  const server: CullerServer = await startCullerServer({ home, models: false });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page, server);
    await page.getByTestId('library-tab').click();
    await page.getByTestId('add-folder-input').fill(shoot);
    await page.getByTestId('add-folder-button').click();
    await expect(page.getByTestId('import-progress')).toHaveAttribute('data-state', 'idle', { timeout: 180_000 });
    await expect(page.getByTestId('import-progress')).toContainText(`Imported ${PHOTOS}`);
    await page.getByTestId('grid-tab').click();
    const grid = page.getByTestId('grid');
    await expect(grid).toHaveAttribute('data-total', String(STACKED_TILES));

    const groups = await bridgeValue(page.request, server, 'groups:list', undefined);
    const burst = groups.find((group) => group.photoIds.length === 4)!;
    const frames = burst.photoIds;
    const loupe = page.getByTestId('loupe');
    const strip = page.getByTestId('stack-strip');

    await test.step('F on the stack: the loupe shows its best frame and a strip of all four frames', async () => {
      await page.locator(`[data-testid="grid-tile"][data-photo-id="${burst.bestPhotoId}"]`).click();
      await page.keyboard.press('f');
      await expect(loupe).toHaveAttribute('data-photo-id', String(burst.bestPhotoId));
      await expect(strip).toHaveAttribute('data-size', '4');
      await expect(page.getByTestId('stack-frame')).toHaveCount(4);
      expect(await page.getByTestId('stack-frame').evaluateAll((items) => items.map((item) => Number((item as unknown as { dataset: { photoId: string } }).dataset.photoId)))).toEqual(frames);
      await expect(page.locator(`[data-testid="stack-frame"][data-photo-id="${burst.bestPhotoId}"]`)).toHaveAttribute('data-best', 'true');
      await expect(page.locator(`[data-testid="stack-frame"][data-photo-id="${burst.bestPhotoId}"]`)).toHaveAttribute('aria-current', 'true');
      await expectPhotoShown(page);
      // The colour-label dots are coloured dots (a stylesheet missing a `}` once made them blank pills).
      const red = await loupe.locator('.label-button.label-red').evaluate((element) => {
        const style = (globalThis as unknown as { getComputedStyle: (node: unknown) => { getPropertyValue: (name: string) => string; borderRadius: string } }).getComputedStyle(element);
        return { label: style.getPropertyValue('--label').trim(), radius: style.borderRadius };
      });
      expect(red).toEqual({ label: '#e5484d', radius: '50%' });
      await shot(page, '1-loupe-stack');
    });

    await test.step('↑ to the first frame, ↓ through every frame; the grid still shows the burst as one stack', async () => {
      for (let step = frames.indexOf(burst.bestPhotoId); step > 0; step--) await page.keyboard.press('ArrowUp');
      await expect(loupe).toHaveAttribute('data-photo-id', String(frames[0]));
      await page.keyboard.press('ArrowUp');
      await expect(loupe).toHaveAttribute('data-photo-id', String(frames[0]));
      for (const frame of frames.slice(1)) {
        await page.keyboard.press('ArrowDown');
        await expect(loupe).toHaveAttribute('data-photo-id', String(frame));
        await expect(page.locator(`[data-testid="stack-frame"][data-photo-id="${frame}"]`)).toHaveAttribute('aria-current', 'true');
      }
      // Each frame is shown whole: its own image, not the stack's cover.
      const shown = await bridgeValue(page.request, server, 'photos:detail', { photoId: frames[3]! });
      await expect(page.getByTestId('zoom-stage').locator('img.zoom-image').first()).toHaveAttribute('src', new RegExp(shown.photo.imageHash!));
      await expectPhotoShown(page);
      await shot(page, '2-last-frame');
    });

    await test.step('X on a frame rejects that frame only, and auto-advance goes to the next frame', async () => {
      // From the first frame that is not the best.
      const target = frames.find((id) => id !== burst.bestPhotoId)!;
      await page.locator(`[data-testid="stack-frame"][data-photo-id="${target}"]`).click();
      await expect(loupe).toHaveAttribute('data-photo-id', String(target));
      await page.keyboard.press('x');
      const next = frames[frames.indexOf(target) + 1]!;
      await expect(loupe).toHaveAttribute('data-photo-id', String(next));
      await expect.poll(async () => [...(await marksById(page, server)).entries()].filter(([, mark]) => mark !== null)).toEqual([[target, 'reject']]);
      await expect(page.locator(`[data-testid="stack-frame"][data-photo-id="${target}"]`)).toHaveClass(/filmstrip-reject/);
      await page.keyboard.press('Control+z');
      await expect.poll(async () => [...(await marksById(page, server)).values()].filter((mark) => mark !== null)).toEqual([]);
      await shot(page, '3-frame-rejected');
    });

    await test.step('Esc: back in the grid, the burst is one stack again and its cover is selected', async () => {
      await page.keyboard.press('Escape');
      await expect(grid).toHaveAttribute('data-total', String(STACKED_TILES));
      await expect(page.locator(`[data-testid="grid-tile"][data-photo-id="${burst.bestPhotoId}"]`)).toHaveAttribute('data-selected', 'true');
    });

    await test.step('C on the stack compares its frames, best first; P picks the best and rejects the rest; Ctrl+Z undoes', async () => {
      await page.keyboard.press('c');
      const panes = page.getByTestId('compare-pane');
      await expect(panes).toHaveCount(4);
      const byRank = frames.map((id, index) => ({ id, rank: burst.ranks[index]! })).sort((a, b) => a.rank - b.rank).map((frame) => frame.id);
      expect(await panes.evaluateAll((items) => items.map((item) => Number((item as unknown as { dataset: { photoId: string } }).dataset.photoId)))).toEqual(byRank);
      await expect(panes.nth(0)).toHaveAttribute('data-active', 'true');
      await shot(page, '4-compare-stack');
      await page.keyboard.press('p');
      await expect.poll(async () => {
        const marks = await marksById(page, server);
        return frames.map((id) => marks.get(id));
      }).toEqual(frames.map((id) => (id === burst.bestPhotoId ? 'pick' : 'reject')));
      await expect(page.locator('[data-testid="compare-pane"] [data-testid="mark-indicator"][data-mark="reject"]')).toHaveCount(3);
      await page.keyboard.press('Control+z');
      await expect.poll(async () => [...(await marksById(page, server)).values()].filter((mark) => mark !== null)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(grid).toBeVisible();
    });

    await test.step('in the loupe, C compares the stack and Esc returns to the loupe; S opens the stack into the filmstrip', async () => {
      await page.keyboard.press('f');
      await expect(loupe).toHaveAttribute('data-photo-id', String(burst.bestPhotoId));
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('c');
      await expect(page.getByTestId('compare-pane')).toHaveCount(4);
      await page.keyboard.press('Escape');
      await expect(loupe).toBeVisible();
      await expect(page.getByTestId('filmstrip-item')).toHaveCount(STACKED_TILES);
      await page.keyboard.press('s');
      await expect(page.getByTestId('filmstrip-item')).toHaveCount(STACKED_TILES + 3);
      await shot(page, '5-stack-open-in-filmstrip');
      await page.keyboard.press('s');
      await expect(page.getByTestId('filmstrip-item')).toHaveCount(STACKED_TILES);
    });

    await test.step('at 1024×768 the photo, the burst strip and the filmstrip all fit', async () => {
      await page.setViewportSize({ width: 1024, height: 768 });
      await expectPhotoShown(page);
      const stage = (await page.getByTestId('zoom-stage').boundingBox())!;
      const stripBox = (await strip.boundingBox())!;
      const filmstrip = (await page.getByTestId('filmstrip').boundingBox())!;
      expect(stage.height).toBeGreaterThan(400);
      expect(stripBox.y).toBeGreaterThanOrEqual(stage.y + stage.height);
      expect(filmstrip.y + filmstrip.height).toBeLessThanOrEqual(768);
      await shot(page, '6-loupe-stack-1024');
      // Back in the grid: its toolbar and the header fit 1024 px without clipping or wrapping words.
      await page.keyboard.press('Escape');
      await expect(grid).toBeVisible();
      // A multi-selection adds its count and batch buttons to the toolbar.
      await page.keyboard.press('Shift+ArrowRight');
      await expect(page.getByTestId('selection-count')).toBeVisible();
      const autoAdvance = (await page.getByText('Auto-advance').boundingBox())!;
      expect(autoAdvance.x + autoAdvance.width).toBeLessThanOrEqual(1024);
      const keys = (await page.getByTitle('Keyboard shortcuts (?)').boundingBox())!;
      expect(keys.height).toBeLessThan(40);
      await shot(page, '7-grid-1024');
    });
  } finally {
    await server.stop();
    await removeTempHome(home);
    rmSync(shoot, { recursive: true, force: true });
  }
});
