import { closeSync, copyFileSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureStream as Capture } from '../../test-support/capture-stream.js';
import { corpusFile, temporaryFolder } from '../../test-support/corpus.js';
import { mountSmallDisk, TMPFS_UNAVAILABLE } from '../../test-support/storage-conditions.js';
import { Catalog } from '../engine/catalog/catalog.repo.js';
import { main } from './culler.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

/**
 * culler rate with its home on a full disk (a real, filled tmpfs). (A disk that fills up during the
 * run gives each photo a disk_full line and a closing sentence; the engine path is the one the
 * service and API tests fill.)
 */
describe.skipIf(TMPFS_UNAVAILABLE !== null)('culler rate on a full disk', () => {
  it('a catalog on a full disk is disk_full in one sentence, not catalog_corrupt, and exits 1', async () => {
    const folder = temporaryFolder();
    cleanup.push(folder.remove);
    const home = path.join(folder.dir, 'home');
    cleanup.push(mountSmallDisk(home, 8 * 1024 * 1024));
    Catalog.open(path.join(home, 'catalog.sqlite')).close();
    const photos = path.join(folder.dir, 'photos');
    mkdirSync(photos);
    for (const name of ['obama.jpg', 'biden.jpg']) copyFileSync(corpusFile('faces', name), path.join(photos, name));
    const fd = openSync(path.join(home, 'filler.bin'), 'w');
    for (const size of [1024 * 1024, 4096, 1]) {
      try {
        for (;;) writeSync(fd, Buffer.alloc(size, 1));
      } catch {
        // full at this size
      }
    }
    closeSync(fd);

    const stdout = new Capture();
    const stderr = new Capture();
    const code = await main(['rate', photos, '--home', home, '--no-models', '--no-progress'], { stdout, stderr: stderr as unknown as NodeJS.WriteStream });
    expect(code).toBe(1);
    // SQLite calls this a "disk I/O error"; the user is told the disk is full, not that the catalog is corrupt.
    expect(stderr.text).toMatch(/^culler: disk_full: the disk holding the catalog .* is full/m);
    expect(stderr.text).not.toContain('corrupt');
    expect(stderr.text).not.toMatch(/^\s+at /m);
  }, 60_000);
});
