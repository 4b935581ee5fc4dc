/**
 * The loupe journey, as a photographer culls: open a photo full screen, check focus at 100 % on the
 * eyes, pan, compare two near-identical frames and pick the winner, select several photos and
 * reject them at once, undo and redo (also after a restart), with auto-advance moving on after
 * each key. Step screenshots (JPEG) go to test-results/e2e/loupe/ (copies in docs/screenshots/loupe-*.jpg), at 1440×900 and 1024×768.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { bridgeValue } from './support/bridge.js';
import { makeTempHome, removeTempHome, startCullerServer, type CullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { CORPUS_DIR, FACES_DIR, REPO_ROOT } from './support/repo-paths.js';
import { showEveryFrame } from './support/stacks.js';

const PHOTOS: Array<[string, string]> = [
  [path.join(CORPUS_DIR, 'bursts'), 'd70s-series-1.jpg'],
  [path.join(CORPUS_DIR, 'bursts'), 'd70s-series-2.jpg'],
  [FACES_DIR, 'obama.jpg'],
  [FACES_DIR, 'biden.jpg'],
  [FACES_DIR, 'john1.jpeg'],
  [FACES_DIR, 'img1.jpg'],
];
const IMPORT_TIMEOUT_MS = 8 * 60_000;
// Fresh each run under test-results/ (a run must not dirty the checkout); the copies committed in
// docs/screenshots/ were taken from here.
const SHOTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e', 'loupe');

const tile = (page: Page, id: number) => page.locator(`[data-testid="grid-tile"][data-photo-id="${id}"]`);
const numberOf = async (locator: Locator, attribute: string) => Number(await locator.getAttribute(attribute));
/** The loupe shows the photo's pixels (not an empty stage) before a screenshot says it does. */
async function expectPhotoShown(page: Page): Promise<void> {
  const image = page.getByTestId('zoom-stage').locator('img.zoom-image').first();
  await expect.poll(() => image.evaluate((element) => {
    const shown = element as unknown as { complete: boolean; naturalWidth: number };
    return shown.complete && shown.naturalWidth > 0;
  }), { timeout: 30_000 }).toBe(true);
}

let step = 0;
async function shot(page: Page, name: string): Promise<void> {
  step += 1;
  await mkdir(SHOTS_DIR, { recursive: true });
  const { width } = page.viewportSize()!;
  await page.screenshot({ path: path.join(SHOTS_DIR, `loupe-${String(step).padStart(2, '0')}-${name}-${width}.jpg`), type: 'jpeg', quality: 78 });
}

async function marksById(page: Page, server: CullerServer): Promise<Map<number, string | null>> {
  const list = await bridgeValue(page.request, server, 'photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 100 });
  return new Map(list.items.map((item) => [item.id, item.mark]));
}

test('loupe journey: full screen, 100 % on the eyes, pan, compare, multi-select, batch reject, undo/redo across a restart', async ({ page }) => {
  const home = await makeTempHome();
  const folder = await mkdtemp(path.join(os.tmpdir(), 'culler-e2e-loupe-'));
  for (const [dir, name] of PHOTOS) await copyFile(path.join(dir, name), path.join(folder, name));
  let server: CullerServer | null = await startCullerServer({ home, models: true });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page, server);
    await page.getByTestId('library-tab').click();
    await page.getByTestId('add-folder-input').fill(folder);
    await page.getByTestId('add-folder-button').click();
    await expect(page.getByTestId('import-progress')).toContainText(`Imported ${PHOTOS.length}`, { timeout: IMPORT_TIMEOUT_MS });
    await page.getByTestId('grid-tab').click();
    await showEveryFrame(page);
    await expect(page.getByTestId('grid-tile')).toHaveCount(PHOTOS.length);
    const byName = new Map((await bridgeValue(page.request, server, 'photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 100 })).items.map((item) => [item.name, item]));
    const child = byName.get('d70s-series-1.jpg')!;
    const twin = byName.get('d70s-series-2.jpg')!;

    await test.step('F opens the loupe: the photo, a one-line verdict, the filmstrip', async () => {
      await tile(page, child.id).click();
      await page.keyboard.press('f');
      const loupe = page.getByTestId('loupe');
      await expect(loupe).toBeVisible();
      await expect(loupe).toHaveAttribute('data-photo-id', String(child.id));
      await expect(page.getByTestId('loupe-verdict')).toHaveText(/\w.*\./);
      await expect(page.getByTestId('filmstrip-item')).toHaveCount(PHOTOS.length);
      await expect(page.getByTestId('zoom-stage')).toHaveAttribute('data-zoom', 'fit');
      await expectPhotoShown(page);
      await shot(page, 'loupe-fit');
    });

    await test.step('Z zooms to 100 % on the main face\'s eyes, from the full-resolution image', async () => {
      const { result } = await bridgeValue(page.request, server!, 'photos:detail', { photoId: child.id });
      const face = result!.faces![0]!;
      const eye = (name: string) => face.keypoints.find((point) => point.name === name)!;
      const eyes = { x: (eye('right_eye').x + eye('left_eye').x) / 2 / result!.quality.width, y: (eye('right_eye').y + eye('left_eye').y) / 2 / result!.quality.height };
      await page.keyboard.press('z');
      const stage = page.getByTestId('zoom-stage');
      await expect(stage).toHaveAttribute('data-zoom', 'actual');
      expect(await numberOf(stage, 'data-center-x')).toBeCloseTo(eyes.x, 2);
      expect(await numberOf(stage, 'data-center-y')).toBeCloseTo(eyes.y, 2);
      await expect(stage).toHaveAttribute('data-full-loaded', 'true', { timeout: 60_000 });
      const natural = await stage.locator('img.zoom-full').evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth);
      expect(natural).toBe(result!.quality.width);
      await shot(page, 'loupe-100-eyes');

      // Ctrl+→ pans a tenth of the image; a drag pans too.
      await page.keyboard.press('Control+ArrowRight');
      expect(await numberOf(stage, 'data-center-x')).toBeCloseTo(Math.min(1, eyes.x + 0.1), 2);
      const box = (await stage.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2 + 50, { steps: 5 });
      await page.mouse.up();
      expect(await numberOf(stage, 'data-center-x')).toBeLessThan(Math.min(1, eyes.x + 0.1));
      await expect(stage).toHaveAttribute('data-zoom', 'actual');

      // Space back to fit; a click on a point zooms there.
      await page.keyboard.press(' ');
      await expect(stage).toHaveAttribute('data-zoom', 'fit');
      const image = (await stage.locator('img.zoom-image').first().boundingBox())!;
      await page.mouse.click(image.x + image.width * 0.25, image.y + image.height * 0.75);
      await expect(stage).toHaveAttribute('data-zoom', 'actual');
      expect(await numberOf(stage, 'data-center-x')).toBeCloseTo(0.25, 1);
      expect(await numberOf(stage, 'data-center-y')).toBeCloseTo(0.75, 1);
      await page.keyboard.press('z');
    });

    await test.step('auto-advance: P picks and shows the next photo; Ctrl+Z takes the pick back', async () => {
      const loupe = page.getByTestId('loupe');
      const before = Number(await loupe.getAttribute('data-photo-id'));
      await page.keyboard.press('p');
      await expect(loupe).not.toHaveAttribute('data-photo-id', String(before));
      await expect.poll(async () => (await marksById(page, server!)).get(before)).toBe('pick');
      await page.keyboard.press('Control+z');
      await expect.poll(async () => (await marksById(page, server!)).get(before)).toBe(null);
      await expect(page.getByTestId('notice').filter({ hasText: 'Undone: pick on 1 photo' })).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('grid')).toBeVisible();
    });

    await test.step('compare the two near-identical frames at 100 %, pick the winner, undo', async () => {
      await tile(page, child.id).click();
      await tile(page, twin.id).click({ modifiers: ['Control'] });
      await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', '2');
      await page.keyboard.press('c');
      const panes = page.getByTestId('compare-pane');
      await expect(panes).toHaveCount(2);
      await page.keyboard.press('z');
      const stages = page.getByTestId('zoom-stage');
      await expect(stages.nth(0)).toHaveAttribute('data-zoom', 'actual');
      await expect(stages.nth(1)).toHaveAttribute('data-zoom', 'actual');
      // Synced: both panes show the same point of their photo.
      expect(await stages.nth(0).getAttribute('data-center-x')).toBe(await stages.nth(1).getAttribute('data-center-x'));
      await page.keyboard.press('Control+ArrowDown');
      expect(await stages.nth(0).getAttribute('data-center-y')).toBe(await stages.nth(1).getAttribute('data-center-y'));
      await shot(page, 'compare-100');

      await page.keyboard.press('ArrowRight');
      await expect(panes.nth(1)).toHaveAttribute('data-active', 'true');
      const winner = Number(await panes.nth(1).getAttribute('data-photo-id'));
      const loser = Number(await panes.nth(0).getAttribute('data-photo-id'));
      await page.keyboard.press('p');
      await expect.poll(async () => {
        const marks = await marksById(page, server!);
        return [marks.get(winner), marks.get(loser)];
      }).toEqual(['pick', 'reject']);
      await shot(page, 'compare-winner');
      await page.keyboard.press('Control+z');
      await expect.poll(async () => {
        const marks = await marksById(page, server!);
        return [marks.get(winner), marks.get(loser)];
      }).toEqual([null, null]);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('grid')).toBeVisible();
    });

    const order = (await bridgeValue(page.request, server, 'photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 100 })).items.map((item) => item.id);
    await test.step('Shift-click selects a range; X rejects the three at once; undo and redo them as one', async () => {
      await tile(page, order[0]!).click();
      await tile(page, order[2]!).click({ modifiers: ['Shift'] });
      await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', '3');
      await page.keyboard.press('x');
      const rejected = order.slice(0, 3);
      await expect.poll(async () => [...(await marksById(page, server!)).entries()].filter(([, mark]) => mark === 'reject').map(([id]) => id).sort()).toEqual([...rejected].sort());
      for (const id of rejected) await expect(tile(page, id).getByTestId('mark-indicator')).toHaveAttribute('data-mark', 'reject');
      await shot(page, 'grid-batch-rejected');
      await page.keyboard.press('Control+z');
      for (const id of rejected) await expect(tile(page, id).getByTestId('mark-indicator')).toHaveAttribute('data-mark', 'none');
      await page.keyboard.press('Control+Shift+z');
      for (const id of rejected) await expect(tile(page, id).getByTestId('mark-indicator')).toHaveAttribute('data-mark', 'reject');
      // Shift+→ grows the selection; Ctrl+A takes them all; Esc clears.
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('selection-count')).toHaveCount(0);
      await page.keyboard.press('Shift+ArrowRight');
      await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', '2');
      await page.keyboard.press('Control+a');
      await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', String(PHOTOS.length));
      await page.keyboard.press('Escape');
    });

    await test.step('after a restart, Ctrl+Z still undoes the batch', async () => {
      await server!.stop();
      server = await startCullerServer({ home, models: true });
      await openApp(page, server);
      await showEveryFrame(page);
      await expect(page.getByTestId('grid-tile')).toHaveCount(PHOTOS.length);
      await expect(page.getByTestId('undo-button')).toBeEnabled();
      await page.getByTestId('grid').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+z');
      await expect.poll(async () => [...(await marksById(page, server!)).values()].filter((mark) => mark === 'reject')).toEqual([]);
    });

    await test.step('the loupe and compare at 1024×768', async () => {
      await page.setViewportSize({ width: 1024, height: 768 });
      await tile(page, child.id).click();
      await page.keyboard.press('f');
      await expect(page.getByTestId('loupe')).toBeVisible();
      await expectPhotoShown(page);
      await shot(page, 'loupe-fit');
      await page.keyboard.press('z');
      await expect(page.getByTestId('zoom-stage')).toHaveAttribute('data-full-loaded', 'true', { timeout: 60_000 });
      await shot(page, 'loupe-100-eyes');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await shot(page, 'grid');
    });
  } finally {
    await server?.stop();
    await removeTempHome(home);
    await rm(folder, { recursive: true, force: true });
  }
});
