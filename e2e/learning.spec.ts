/**
 * The personal model as a new user meets it, against a real `culler serve`: a library of bright and
 * dark copies of corpus frames, 40 of them reviewed (thumbs, the review queue's own channel), then
 * Settings → "Your personal model": train, read the version and its golden-set agreement, see an
 * unreviewed photo's verdict follow the taste, and reset to the built-in gate.
 * Screenshots go to test-results/e2e/learning/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IpcChannel, IpcRequest } from '../src-preload/contract/ipc-contract.js';
import { iqaPhotos, writeHighLowKeyShoot } from '../test-support/degraded-variants.js';
import { bridgeValue } from './support/bridge.js';
import { makeTempHome, removeTempHome, startCullerServer, type CullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { REPO_ROOT } from './support/repo-paths.js';

const REVIEWED_FRAMES = 20;
const FRAMES = 30;
const SHOTS = path.join(REPO_ROOT, 'test-results', 'e2e', 'learning');

test('40 reviews teach a taste: the model panel trains, says why, and resets to the built-in gate', async ({ page }) => {
  const home = await makeTempHome();
  const photos = await mkdtemp(path.join(os.tmpdir(), 'culler-e2e-photos-'));
  let server: CullerServer | null = null;
  try {
    await writeHighLowKeyShoot(iqaPhotos(FRAMES), photos);
    server = await startCullerServer({ home, models: false });
    await openApp(page, server);
    const running = server;
    const call = <C extends IpcChannel>(channel: C, payload: IpcRequest<C>) => bridgeValue(page.request, running, channel, payload);
    await call('library:addFolder', { path: photos });
    await expect.poll(async () => (await call('import:status', undefined)).state === 'idle' && (await call('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 100 })).total, { timeout: 180_000 }).toBe(2 * FRAMES);
    const items = (await call('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 100 })).items;
    const frameOf = (name: string) => Number(/^f(\d+)-/.exec(name)![1]);
    for (const photo of items.filter((item) => frameOf(item.name) < REVIEWED_FRAMES)) {
      await call('feedback:submit', { photoId: photo.id, thumbs: photo.name.includes('-high') ? 'up' : 'down' });
    }

    await page.getByTestId('settings-tab').click();
    const panel = page.getByTestId('model-panel');
    await panel.scrollIntoViewIfNeeded();
    await panel.getByRole('button', { name: 'Train now' }).click();
    await expect(panel.getByTestId('model-active')).toHaveText(/^version \d+$/, { timeout: 120_000 });
    await expect(panel).toContainText('40 photos');
    await expect(panel.getByTestId('model-agreement')).toContainText(/^(8[5-9]|9\d|100) %/);
    await expect(panel.locator('tr[data-state="adopted"]')).toContainText(/beats the built-in gate/);
    // Any background run finishes and the panel says so by itself.
    await expect(panel.getByRole('button', { name: 'Train now' })).toBeEnabled({ timeout: 60_000 });
    await panel.screenshot({ path: path.join(SHOTS, 'model-panel-trained.png') });

    // A bright photo nobody reviewed is now a keep, and says which version decided.
    const unreviewed = items.find((item) => frameOf(item.name) >= REVIEWED_FRAMES && item.name.includes('-high'))!;
    const detail = await call('photos:detail', { photoId: unreviewed.id });
    expect(detail.result?.why.personal).toMatchObject({ verdict: 'keep', builtin: { score: unreviewed.score } });
    // The grid shows the personal verdicts too: unreviewed bright photos are keeps, the tile's score is
    // the personal one, and the sort by score puts the user's kind of photo first.
    await page.getByTestId('grid-tab').click();
    const tile = (id: number) => page.locator(`[data-testid="grid-tile"][data-photo-id="${id}"]`);
    const unreviewedDark = items.find((item) => frameOf(item.name) >= REVIEWED_FRAMES && item.name.includes('-low'))!;
    await expect(tile(unreviewed.id)).toHaveAttribute('data-verdict', 'keep', { timeout: 30_000 });
    await expect(tile(unreviewed.id)).toHaveAttribute('data-score', String(detail.result!.score));
    await expect(tile(unreviewedDark.id)).toHaveAttribute('data-verdict', /^(reject|review)$/);
    const sorted = (await call('photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 100 })).items.filter((item) => frameOf(item.name) >= REVIEWED_FRAMES);
    const brightFirst = sorted.slice(0, sorted.length / 2).filter((item) => item.name.includes('-high')).length / (sorted.length / 2);
    expect(brightFirst).toBeGreaterThanOrEqual(0.85);
    await page.getByTestId('grid').screenshot({ path: path.join(SHOTS, 'grid-personal-verdicts.png') });
    // …and its detail page says so, in the header and in the verdict.
    await tile(unreviewed.id).scrollIntoViewIfNeeded();
    await tile(unreviewed.id).click();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('detail-view').locator('header .rating-pill')).toContainText(/your model v\d+: keep/);
    const verdict = page.getByTestId('personal-verdict');
    await expect(verdict).toContainText(/Your model \(v\d+\)/);
    await expect(verdict).toContainText('keep');
    await verdict.scrollIntoViewIfNeeded();
    await page.getByTestId('detail-view').screenshot({ path: path.join(SHOTS, 'detail-personal-verdict.png') });
    await page.getByTestId('settings-tab').click();

    await panel.getByRole('button', { name: 'Reset to built-in' }).click();
    await expect(panel.getByTestId('model-active')).toHaveText('built-in gate (no personal version)');
    await expect(panel.locator('tr[data-state="reset"]')).toContainText(/Roll back to v\d+/);
    await panel.screenshot({ path: path.join(SHOTS, 'model-panel-reset.png') });
    expect((await call('photos:detail', { photoId: unreviewed.id })).result?.why.personal).toBeUndefined();
    // Every tile is the built-in one again: no verdict of a model, the built-in score.
    await page.getByTestId('grid-tab').click();
    await expect(tile(unreviewed.id)).toHaveAttribute('data-verdict', '', { timeout: 30_000 });
    await expect(tile(unreviewed.id)).toHaveAttribute('data-score', String(unreviewed.score));
  } finally {
    await server?.stop();
    await removeTempHome(home);
    await rm(photos, { recursive: true, force: true });
  }
});
