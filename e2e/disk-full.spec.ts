/**
 * A full disk as a user meets it in the browser build: the home of a real `culler serve` is a small
 * tmpfs; once it is filled, the import bar says the import paused because the disk is full, every
 * file stays queued, and Resume after freeing space imports them all.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { mountSmallDisk, TMPFS_UNAVAILABLE } from '../test-support/storage-conditions.js';
import { TEST_IDS } from '../src-renderer/src/test-ids.js';
import { bridgeValue } from './support/bridge.js';
import { makeTempHome, removeTempHome, startCullerServer, type CullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { CORPUS_DIR } from './support/repo-paths.js';
import { StepScreenshots } from './support/screenshots.js';

const PHOTOS = ['obama.jpg', 'biden.jpg', 'two_people.jpg', 'kit_with_rose.jpg', 'john1.jpeg'];

let server: CullerServer | undefined;
let root: string;
let unmount = (): void => {};

test.skip(TMPFS_UNAVAILABLE !== null, TMPFS_UNAVAILABLE ?? '');

test.afterAll(async () => {
  await server?.stop();
  unmount();
  if (root) await removeTempHome(root);
});

function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = openSync(filler, 'w');
  for (const size of [1024 * 1024, 4096, 1]) {
    try {
      for (;;) writeSync(fd, Buffer.alloc(size, 1));
    } catch {
      // this size no longer fits
    }
  }
  closeSync(fd);
  return filler;
}

test('a full disk pauses the import with its reason on screen, and Resume finishes every file', async ({ page }) => {
  root = await makeTempHome();
  const home = path.join(root, 'home');
  const photos = path.join(root, 'photos');
  await mkdir(photos);
  for (const name of PHOTOS) await copyFile(path.join(CORPUS_DIR, 'faces', name), path.join(photos, name));
  unmount = mountSmallDisk(home, 24 * 1024 * 1024);
  server = await startCullerServer({ home, models: false });
  const shots = new StepScreenshots(page);
  await openApp(page, server);

  // Queued while paused, so every file meets the full disk.
  await bridgeValue(page.request, server, 'import:pause', undefined);
  await bridgeValue(page.request, server, 'library:addFolder', { path: photos });
  await expect.poll(async () => (await bridgeValue(page.request, server!, 'import:status', undefined)).queued).toBe(PHOTOS.length);
  const filler = fillDisk(home);

  await page.getByTestId(TEST_IDS.importResume).click();
  const reason = page.getByTestId(TEST_IDS.importPausedReason);
  await expect(reason).toBeVisible();
  await expect(reason).toHaveAttribute('data-code', 'disk_full');
  await expect(reason).toContainText('the disk is full');
  await expect(page.getByTestId(TEST_IDS.importProgress)).toHaveAttribute('data-state', 'paused');
  expect(await bridgeValue(page.request, server, 'import:status', undefined)).toMatchObject({ queued: PHOTOS.length, done: 0, failed: 0 });
  await shots.take('disk-full-paused');

  await rm(filler);
  await page.getByTestId(TEST_IDS.importResume).click();
  await expect(reason).toBeHidden();
  await expect(page.getByTestId(TEST_IDS.importProgress)).toHaveAttribute('data-state', 'idle', { timeout: 120_000 });
  expect(await bridgeValue(page.request, server, 'import:status', undefined)).toMatchObject({ queued: 0, done: PHOTOS.length, failed: 0 });
  await shots.take('disk-full-resumed');
});
