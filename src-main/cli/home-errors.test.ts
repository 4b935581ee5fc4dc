import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureStream as Capture } from '../../test-support/capture-stream.js';
import { corpusFile, temporaryFolder } from '../../test-support/corpus.js';
import { makeReadOnly, READ_ONLY_UNAVAILABLE } from '../../test-support/storage-conditions.js';
import { Catalog } from '../engine/catalog/catalog.repo.js';
import { LATEST_SCHEMA_VERSION } from '../engine/catalog/migrations/index.js';
import { main } from './culler.js';
import { runServe } from './serve-command.js';

/**
 * A home or catalog that cannot be used names its real cause on every door, in one sentence with a
 * typed code, without a stack trace, and leaves the catalog file exactly as it was.
 */
let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

type Door = 'rate' | 'clients' | 'serve';
const DOORS: Door[] = ['rate', 'clients', 'serve'];

async function run(door: Door, home: string, photos: string): Promise<{ code: number; stderr: string; stdout: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const streams = { stdout, stderr: stderr as unknown as NodeJS.WriteStream };
  let code: number;
  if (door === 'serve') {
    // The abort stops a server that (wrongly) started; a home that fails returns before it.
    code = await runServe(['--home', home, '--port', '0', '--no-ui', '--no-models'], streams, AbortSignal.timeout(3000));
  } else if (door === 'rate') {
    code = await main(['rate', photos, '--home', home, '--no-models'], streams);
  } else {
    code = await main(['clients', 'list', '--home', home], streams);
  }
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function setup(): { root: string; home: string; catalog: string; photos: string } {
  const folder = temporaryFolder();
  cleanup.push(folder.remove);
  const photos = path.join(folder.dir, 'photos');
  mkdirSync(photos);
  copyFileSync(corpusFile('faces', 'obama.jpg'), path.join(photos, 'a.jpg'));
  const home = path.join(folder.dir, 'home');
  return { root: folder.dir, home, catalog: path.join(home, 'catalog.sqlite'), photos };
}

/** A healthy catalog, closed cleanly (its WAL folded back in). */
function healthyCatalog(catalog: string): void {
  Catalog.open(catalog).close();
}

const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function expectOneSentence(stderr: string, prefix: string, code: string): void {
  expect(stderr).toContain(`${prefix}: ${code}: `);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/Error:|SqliteError/);
}

describe.each(DOORS)('culler %s with a home that cannot be used', (door) => {
  const prefix = door === 'serve' ? 'culler serve' : door === 'clients' ? 'culler clients' : 'culler';

  it.skipIf(READ_ONLY_UNAVAILABLE !== null)('a read-only home is catalog_read_only, not catalog_corrupt, and the catalog is untouched', async () => {
    const { home, catalog, photos } = setup();
    healthyCatalog(catalog);
    const before = digest(catalog);
    cleanup.push(makeReadOnly(home));
    const { code, stderr } = await run(door, home, photos);
    expect(code).toBe(1);
    expectOneSentence(stderr, prefix, 'catalog_read_only');
    expect(stderr).not.toContain('catalog_corrupt');
    expect(digest(catalog)).toBe(before);
  });

  it.skipIf(READ_ONLY_UNAVAILABLE !== null)('a home that cannot be created on a read-only disk is home_unwritable', async () => {
    const { root, photos } = setup();
    const parent = path.join(root, 'locked');
    mkdirSync(parent);
    cleanup.push(makeReadOnly(parent));
    const { code, stderr } = await run(door, path.join(parent, 'home'), photos);
    expect(code).toBe(1);
    expectOneSentence(stderr, prefix, 'home_unwritable');
  });

  it('a home whose path runs through a file is home_unwritable', async () => {
    const { root, photos } = setup();
    writeFileSync(path.join(root, 'not-a-folder'), 'x');
    const { code, stderr } = await run(door, path.join(root, 'not-a-folder', 'home'), photos);
    expect(code).toBe(1);
    expectOneSentence(stderr, prefix, 'home_unwritable');
    expect(stderr).toContain('a file is in the way');
  });

  it('a garbage catalog is catalog_corrupt, and left as it is', async () => {
    const { home, catalog, photos } = setup();
    mkdirSync(home);
    writeFileSync(catalog, Buffer.alloc(8192, 0x5a));
    const before = digest(catalog);
    const { code, stderr } = await run(door, home, photos);
    expect(code).toBe(1);
    expectOneSentence(stderr, prefix, 'catalog_corrupt');
    expect(digest(catalog)).toBe(before);
  });

  it('a truncated catalog is catalog_corrupt, and left as it is', async () => {
    const { home, catalog, photos } = setup();
    healthyCatalog(catalog);
    truncateSync(catalog, 3000);
    const before = digest(catalog);
    const { code, stderr } = await run(door, home, photos);
    expect(code).toBe(1);
    expectOneSentence(stderr, prefix, 'catalog_corrupt');
    expect(digest(catalog)).toBe(before);
  });

  it('a catalog from a newer app is catalog_too_new, and left as it is', async () => {
    const { home, catalog, photos } = setup();
    healthyCatalog(catalog);
    const raw = new Database(catalog);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = digest(catalog);
    const { code, stderr } = await run(door, home, photos);
    expect(code).toBe(1);
    expectOneSentence(stderr, prefix, 'catalog_too_new');
    expect(digest(catalog)).toBe(before);
  });
});
