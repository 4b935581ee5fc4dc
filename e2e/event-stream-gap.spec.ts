/**
 * The browser build's live updates arrive over one Server-Sent Events stream. Whatever happens
 * before that stream is open (the page just loaded, or the stream dropped and reconnects) is not
 * sent again, so the page must read the state afresh once the stream opens. Reproduced here by
 * holding the stream's request while the import is paused and a folder queued: before the fix the
 * import bar stayed "Idle" with Resume disabled (e2e/disk-full.spec.ts failed this way under load).
 */
import { mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_IDS } from '../src-renderer/src/test-ids.js';
import { bridgeValue } from './support/bridge.js';
import { makeTempHome, removeTempHome, startCullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { CORPUS_DIR } from './support/repo-paths.js';

test('the import bar shows what changed while the event stream was not yet open', async ({ page }) => {
  const home = await makeTempHome();
  const photos = mkdtempSync(path.join(os.tmpdir(), 'culler-e2e-gap-'));
  for (const name of ['obama.jpg', 'biden.jpg']) copyFileSync(path.join(CORPUS_DIR, 'faces', name), path.join(photos, name));
  const server = await startCullerServer({ home, models: false });
  let openStream = (): void => {};
  const streamHeld = new Promise<void>((resolve) => (openStream = resolve));
  try {
    await page.route('**/bridge/events', async (route) => {
      await streamHeld;
      await route.continue();
    });
    await openApp(page, server);
    await expect(page.getByTestId(TEST_IDS.importProgress)).toHaveAttribute('data-state', 'idle');

    // Changes the page hears nothing of: the stream is still held.
    await bridgeValue(page.request, server, 'import:pause', undefined);
    await bridgeValue(page.request, server, 'library:addFolder', { path: photos });
    await expect.poll(async () => (await bridgeValue(page.request, server, 'import:status', undefined)).queued).toBe(2);

    openStream();
    await expect(page.getByTestId(TEST_IDS.importProgress)).toHaveAttribute('data-state', 'paused', { timeout: 15_000 });
    await expect(page.getByTestId(TEST_IDS.importResume)).toBeEnabled();
    await expect(page.getByTestId(TEST_IDS.importProgress)).toContainText('0 of 2');
  } finally {
    await server.stop();
    await removeTempHome(home);
    rmSync(photos, { recursive: true, force: true });
  }
});
