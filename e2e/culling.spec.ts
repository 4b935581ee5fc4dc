/**
 * The culling journey, as a person does it, against a real `culler serve` with the models on:
 * add the corpus' portrait folder, watch it import, read the grid, open a photo, cull with the
 * keyboard, answer the review queue, then restart the server on the same home and find every
 * mark, star and answer still there. Screenshots of each step go to test-results/e2e/screenshots/
 * (and, once the journey is over, to e2e/screenshots-latest/).
 */
import { readdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { DIMENSION_KEYS } from '../src-preload/contract/rating-result.js';
import { bridgeValue } from './support/bridge.js';
import { makeTempHome, removeTempHome, startCullerServer, type CullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { FACES_DIR } from './support/repo-paths.js';
import { clearStepScreenshots, StepScreenshots } from './support/screenshots.js';
import { showEveryFrame } from './support/stacks.js';

const PHOTO_FILE = /\.(jpe?g|png)$/i;
const EXPECTED_PHOTOS = readdirSync(FACES_DIR).filter((name) => PHOTO_FILE.test(name) && !name.startsWith('.')).length;
/** Rating 17 photos with the models on a 2-core machine, with room to spare. */
const IMPORT_TIMEOUT_MS = 6 * 60_000;

type TileData = { id: number; score: number | null; name: string };

const byTestId = (page: Page | Locator, id: string) => page.getByTestId(id);

/** The grid's tiles in DOM order, as the page shows them. */
async function tiles(page: Page): Promise<TileData[]> {
  const rows = await byTestId(page, 'grid-tile').evaluateAll((elements) =>
    elements.map((element) => {
      const data = (element as unknown as { dataset: Record<string, string | undefined> }).dataset;
      return { id: data.photoId ?? '', score: data.score ?? '', name: data.name ?? '' };
    }),
  );
  return rows.map((row) => ({ id: Number(row.id), score: row.score === '' ? null : Number(row.score), name: row.name }));
}

function tile(page: Page, photoId: number): Locator {
  return page.locator(`[data-testid="grid-tile"][data-photo-id="${photoId}"]`);
}

async function waitForImportDone(page: Page, count: number): Promise<void> {
  const progress = byTestId(page, 'import-progress');
  await expect(progress).toHaveAttribute('data-state', 'idle', { timeout: IMPORT_TIMEOUT_MS });
  await expect(progress).toContainText(`Imported ${count}`);
}

/** Every tile shows a loaded thumbnail (not a placeholder, not a broken image). */
async function expectThumbnailsLoaded(page: Page, count: number): Promise<void> {
  await expect
    .poll(
      () =>
        byTestId(page, 'grid-tile')
          .locator('img')
          .evaluateAll((images) => images.filter((image) => (image as unknown as { complete: boolean; naturalWidth: number }).complete && (image as unknown as { naturalWidth: number }).naturalWidth > 0).length),
      { message: 'thumbnails loaded in the grid', timeout: 60_000 },
    )
    .toBe(count);
}

function isDescending(values: number[]): boolean {
  return values.every((value, index) => index === 0 || values[index - 1]! >= value);
}

test('culling journey: import, grid, detail, keyboard culling, review, and everything survives a restart', async ({ page }) => {
  expect(EXPECTED_PHOTOS, `photos in ${FACES_DIR}`).toBe(17);
  await clearStepScreenshots();
  const shots = new StepScreenshots(page);
  const home = await makeTempHome();
  let server: CullerServer | null = await startCullerServer({ home, models: true });

  try {
    await test.step('open the printed address: an empty library', async () => {
      await openApp(page, server!);
      // The journey culls the shared corpus in place: XMP sidecars (on by default) stay off, so
      // nothing is written into it.
      await bridgeValue(page.request, server!, 'settings:set', { xmp: { writeSidecars: false } });
      await expect(byTestId(page, 'grid')).toBeVisible();
      await expect(byTestId(page, 'grid')).toHaveAttribute('data-total', '0');
      await shots.take('empty-grid');
    });

    await test.step('add the faces folder by typing its path', async () => {
      await byTestId(page, 'library-tab').click();
      await byTestId(page, 'add-folder-input').fill(FACES_DIR);
      await shots.take('library-path-typed');
      await byTestId(page, 'add-folder-button').click();
      const row = byTestId(page, 'folder-row');
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(FACES_DIR);
    });

    await test.step('the import runs to the end', async () => {
      await waitForImportDone(page, EXPECTED_PHOTOS);
      await expect(byTestId(page, 'import-progress')).not.toContainText('failed');
      await expect(byTestId(page, 'folder-row')).toContainText(`${EXPECTED_PHOTOS} photos`);
      await shots.take('library-imported');
    });

    let gridOrder: TileData[] = [];
    await test.step('the grid holds every photo, best score first', async () => {
      await byTestId(page, 'grid-tab').click();
      await showEveryFrame(page);
      await expect(byTestId(page, 'grid')).toHaveAttribute('data-total', String(EXPECTED_PHOTOS));
      await expect(byTestId(page, 'grid-tile')).toHaveCount(EXPECTED_PHOTOS);
      await expect(byTestId(page, 'grid-tile').and(page.locator('[data-score=""]'))).toHaveCount(0);
      gridOrder = await tiles(page);
      expect(gridOrder.map((entry) => entry.score)).toHaveLength(EXPECTED_PHOTOS);
      expect(isDescending(gridOrder.map((entry) => entry.score!)), `scores in DOM order: ${gridOrder.map((entry) => entry.score).join(', ')}`).toBe(true);
      // The same order the catalog gives (its tie-break included).
      const page1 = await bridgeValue(page.request, server!, 'photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 100 });
      expect(gridOrder.map((entry) => entry.id)).toEqual(page1.items.map((item) => item.id));
      expect(new Set(page1.items.map((item) => item.status))).toEqual(new Set(['rated']));
      await expect(byTestId(page, 'tile-score').first()).toHaveText(/\d/);
      await expect(byTestId(page, 'content-badge')).toHaveCount(EXPECTED_PHOTOS);
      await expectThumbnailsLoaded(page, EXPECTED_PHOTOS);
      await shots.take('grid-by-score');
    });

    await test.step('sort by name, then back to score', async () => {
      const direction = byTestId(page, 'sort-direction');
      await byTestId(page, 'sort-select').selectOption('name');
      // Each sort opens in its natural direction: names A→Z, scores best first.
      await expect(direction).toHaveAttribute('data-direction', 'asc');
      // SQLite's NOCASE: ASCII case folded, then code-unit order (so '_' sorts after '.' and '-').
      const collate = (a: string, b: string) => {
        const [x, y] = [a.toLowerCase(), b.toLowerCase()];
        return x < y ? -1 : x > y ? 1 : 0;
      };
      const expected = [...gridOrder.map((entry) => entry.name)].sort(collate);
      await expect.poll(async () => (await tiles(page)).map((entry) => entry.name), { message: 'names A→Z' }).toEqual(expected);
      await shots.take('grid-by-name');
      await byTestId(page, 'sort-select').selectOption('score');
      await expect(direction).toHaveAttribute('data-direction', 'desc');
      await expect.poll(async () => (await tiles(page)).map((entry) => entry.id)).toEqual(gridOrder.map((entry) => entry.id));
    });

    await test.step('open the best photo: radar with 18 axes, missing ones marked, face boxes drawn', async () => {
      const first = gridOrder[0]!;
      await tile(page, first.id).click();
      await expect(tile(page, first.id)).toHaveAttribute('data-selected', 'true');
      await page.keyboard.press('Enter');
      const detail = byTestId(page, 'detail-view');
      await expect(detail).toBeVisible();
      await expect(detail).toHaveAttribute('data-photo-id', String(first.id));

      // In a sentence first; the radar draws the measured axes, the n/a ones on a toggle.
      await expect(byTestId(page, 'plain-verdict')).toContainText(/\w+.*\./);
      const points = byTestId(page, 'radar-point');
      await expect(points.and(page.locator('[data-missing="true"]'))).toHaveCount(0);
      await byTestId(page, 'radar-toggle').check();
      await expect(points).toHaveCount(18);
      const shown = await points.evaluateAll((elements) =>
        elements.map((element) => {
          const data = (element as unknown as { dataset: Record<string, string | undefined> }).dataset;
          return { dimension: data.dimension ?? '', missing: data.missing === 'true' };
        }),
      );
      expect(shown.map((point) => point.dimension).sort()).toEqual([...DIMENSION_KEYS].sort());
      const missing = shown.filter((point) => point.missing).map((point) => point.dimension);
      // The embedded level measures some dimensions, not all: both kinds must be on the chart.
      expect(missing.length).toBeGreaterThan(0);
      expect(missing.length).toBeLessThan(18);

      const { result } = await bridgeValue(page.request, server!, 'photos:detail', { photoId: first.id });
      expect(result).not.toBeNull();
      const nullInResult = Object.entries(result!.dimension_scores).filter(([, value]) => value === null).map(([key]) => key);
      expect(missing.sort()).toEqual(nullInResult.sort());

      const faces = result!.faces ?? [];
      expect(faces.length).toBeGreaterThan(0);
      const boxes = byTestId(page, 'face-box');
      await expect(boxes).toHaveCount(faces.length);
      // Drawn where the photo is: each box lies inside the preview image on screen.
      const image = byTestId(page, 'detail-preview').locator('img');
      await expect(image).toBeVisible();
      await expect.poll(() => image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
      const imageBox = (await image.boundingBox())!;
      for (let index = 0; index < faces.length; index++) {
        const box = (await boxes.nth(index).locator('rect').boundingBox())!;
        expect(box.width).toBeGreaterThan(4);
        expect(box.x).toBeGreaterThanOrEqual(imageBox.x - 2);
        expect(box.y).toBeGreaterThanOrEqual(imageBox.y - 2);
        expect(box.x + box.width).toBeLessThanOrEqual(imageBox.x + imageBox.width + 2);
        expect(box.y + box.height).toBeLessThanOrEqual(imageBox.y + imageBox.height + 2);
      }
      await shots.take('detail-radar-faces');
      await page.keyboard.press('Escape');
      await expect(byTestId(page, 'grid')).toBeVisible();
    });

    const picked = gridOrder[1]!;
    const rejected = gridOrder[2]!;
    const starred = gridOrder[3]!;
    await test.step('cull with the keyboard: P, X, 4 (each moves on to the next photo: auto-advance)', async () => {
      await tile(page, picked.id).click();
      await page.keyboard.press('p');
      await expect(tile(page, rejected.id)).toHaveAttribute('data-selected', 'true');
      await page.keyboard.press('x');
      await expect(tile(page, starred.id)).toHaveAttribute('data-selected', 'true');
      await page.keyboard.press('4');

      await expect(tile(page, picked.id).getByTestId('mark-indicator')).toHaveAttribute('data-mark', 'pick');
      await expect(tile(page, rejected.id).getByTestId('mark-indicator')).toHaveAttribute('data-mark', 'reject');
      await expect(tile(page, starred.id).getByTestId('stars-indicator')).toHaveAttribute('data-stars', '4');
      await expect(tile(page, starred.id).getByTestId('mark-indicator')).toHaveAttribute('data-mark', 'none');
      await expect(tile(page, picked.id).getByTestId('stars-indicator')).toHaveAttribute('data-stars', '0');
      await shots.take('grid-culled');

      await page.keyboard.press('?');
      await expect(byTestId(page, 'shortcuts-help')).toBeVisible();
      await shots.take('shortcuts-help');
      await page.keyboard.press('Escape');
      await expect(byTestId(page, 'shortcuts-help')).toBeHidden();
    });

    const reviewed: Array<{ id: number; thumbs: 1 | -1; dimension?: { key: string; value: number } }> = [];
    await test.step('work through the review queue', async () => {
      const facets = await bridgeValue(page.request, server!, 'photos:facets', undefined);
      expect(facets.reviewPending, 'photos the app is unsure about').toBeGreaterThanOrEqual(2);

      await expect(byTestId(page, 'review-tab').locator('.tab-count')).toHaveText(String(facets.reviewPending));
      await byTestId(page, 'review-tab').click();
      const view = byTestId(page, 'review-view');
      const progress = byTestId(page, 'review-progress');
      await expect(progress).toHaveAttribute('data-count', String(facets.reviewPending));
      await expect(progress).toHaveAttribute('data-index', '1');
      await expect(byTestId(page, 'review-reason')).not.toBeEmpty();
      await shots.take('review-first');

      // First: thumbs up with the keyboard, Enter to submit.
      const firstId = Number(await view.getAttribute('data-photo-id'));
      await byTestId(page, 'review-reason').click();
      await page.keyboard.press('t');
      await expect(byTestId(page, 'thumbs-up')).toHaveAttribute('aria-pressed', 'true');
      await page.keyboard.press('Enter');
      reviewed.push({ id: firstId, thumbs: 1 });
      await expect(progress).toHaveAttribute('data-index', '2');

      // Second: thumbs down with the button, and one dimension corrected.
      const secondId = Number(await view.getAttribute('data-photo-id'));
      expect(secondId).not.toBe(firstId);
      await byTestId(page, 'thumbs-down').click();
      await expect(byTestId(page, 'thumbs-down')).toHaveAttribute('aria-pressed', 'true');
      await view.getByRole('button', { name: /Correct dimensions/ }).click();
      await view.getByLabel('Lighting', { exact: true }).fill('3');
      await expect(view.getByRole('button', { name: /Correct dimensions \(1\)/ })).toBeVisible();
      await shots.take('review-second-correction');
      await byTestId(page, 'review-submit').click();
      reviewed.push({ id: secondId, thumbs: -1, dimension: { key: 'lighting', value: 3 } });

      // The rest: thumbs up (button), submit with Enter.
      for (let index = 3; index <= facets.reviewPending; index++) {
        await expect(progress).toHaveAttribute('data-index', String(index));
        const id = Number(await view.getAttribute('data-photo-id'));
        await byTestId(page, 'thumbs-up').click();
        await byTestId(page, 'review-reason').click();
        await page.keyboard.press('Enter');
        reviewed.push({ id, thumbs: 1 });
      }
      await expect(view).toContainText(`${facets.reviewPending} submitted — all done`);
      // The tab's pending count follows the answers (after the live-update debounce).
      await expect(byTestId(page, 'review-tab').locator('.tab-count')).toHaveCount(0);
      await shots.take('review-all-done');
      expect(new Set(reviewed.map((entry) => entry.id)).size).toBe(facets.reviewPending);
    });

    // What the catalog holds before the restart, to compare with after it.
    const before = await bridgeValue(page.request, server!, 'photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 100 });
    const ratedAtBefore = new Map<number, string>();
    for (const item of before.items) ratedAtBefore.set(item.id, (await bridgeValue(page.request, server!, 'photos:detail', { photoId: item.id })).result!.rated_at);

    await test.step('stop the server and start it again on the same home', async () => {
      await server!.stop();
      server = null;
      server = await startCullerServer({ home, models: true });
      await openApp(page, server);
      await showEveryFrame(page);
      await expect(byTestId(page, 'grid')).toHaveAttribute('data-total', String(EXPECTED_PHOTOS));
      await expect(byTestId(page, 'grid-tile')).toHaveCount(EXPECTED_PHOTOS);
    });

    await test.step('marks and stars are still there', async () => {
      await expect(tile(page, picked.id).getByTestId('mark-indicator')).toHaveAttribute('data-mark', 'pick');
      await expect(tile(page, rejected.id).getByTestId('mark-indicator')).toHaveAttribute('data-mark', 'reject');
      await expect(tile(page, starred.id).getByTestId('stars-indicator')).toHaveAttribute('data-stars', '4');
      await expectThumbnailsLoaded(page, EXPECTED_PHOTOS);
      await shots.take('after-restart-grid');

      const picks = await bridgeValue(page.request, server!, 'photos:list', { sort: 'score', direction: 'desc', marks: ['pick'], offset: 0, limit: 100 });
      expect(picks.items.map((item) => item.id)).toEqual([picked.id]);
      const rejects = await bridgeValue(page.request, server!, 'photos:list', { sort: 'score', direction: 'desc', marks: ['reject'], offset: 0, limit: 100 });
      expect(rejects.items.map((item) => item.id)).toEqual([rejected.id]);
      const starredRows = await bridgeValue(page.request, server!, 'photos:list', { sort: 'score', direction: 'desc', minStars: 1, offset: 0, limit: 100 });
      expect(starredRows.items.map((item) => [item.id, item.stars])).toEqual([[starred.id, 4]]);
    });

    await test.step('nothing was rated again: the restart read the catalog', async () => {
      await expect(byTestId(page, 'import-progress')).toHaveAttribute('data-state', 'idle');
      const status = await bridgeValue(page.request, server!, 'import:status', undefined);
      expect(status).toMatchObject({ state: 'idle', queued: 0, done: 0, failed: 0 });
      for (const [id, ratedAt] of ratedAtBefore) {
        const { result } = await bridgeValue(page.request, server!, 'photos:detail', { photoId: id });
        expect(result!.rated_at, `photo ${id}`).toBe(ratedAt);
      }
    });

    await test.step('the review answers are still there: queue empty, detail shows the feedback', async () => {
      await byTestId(page, 'review-tab').click();
      await expect(byTestId(page, 'review-view')).toContainText('Nothing waits for review');
      await shots.take('after-restart-review-empty');

      const done = await bridgeValue(page.request, server!, 'photos:list', { sort: 'score', direction: 'desc', review: 'done', offset: 0, limit: 100 });
      expect(done.items.map((item) => item.id).sort()).toEqual(reviewed.map((entry) => entry.id).sort());
      for (const entry of reviewed) {
        const detail = await bridgeValue(page.request, server!, 'photos:detail', { photoId: entry.id });
        expect(detail.photo.reviewed).toBe(true);
        expect(detail.photo.thumbs).toBe(entry.thumbs);
        expect(detail.feedback).toHaveLength(1);
        expect(detail.feedback[0]).toMatchObject({
          source: 'review',
          thumbs: entry.thumbs,
          dimensionFeedback: entry.dimension ? { [entry.dimension.key]: entry.dimension.value } : null,
        });
      }

      // The corrected photo's detail, reached through the grid, lists the answer.
      const corrected = reviewed.find((entry) => entry.dimension)!;
      await byTestId(page, 'grid-tab').click();
      await showEveryFrame(page);
      await tile(page, corrected.id).click();
      await page.keyboard.press('Enter');
      const detail = byTestId(page, 'detail-view');
      await expect(detail).toHaveAttribute('data-photo-id', String(corrected.id));
      const feedback = detail.locator('.feedback-list li');
      await expect(feedback).toHaveCount(1);
      await expect(feedback).toContainText(/thumbs down|👎/);
      await expect(feedback).toContainText('lighting 3');
      await feedback.scrollIntoViewIfNeeded();
      await shots.take('after-restart-detail-feedback');
      // Its grid tile no longer asks for review.
      await page.keyboard.press('Escape');
      await expect(tile(page, corrected.id).getByTestId('needs-review-marker')).toHaveCount(0);
    });
  } finally {
    await shots.publish().catch(() => undefined);
    await server?.stop();
    await removeTempHome(home);
  }
});
