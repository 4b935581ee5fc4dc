import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../test-support/corpus.js';
import { EngineError } from '../errors.js';
import { Catalog } from './catalog.repo.js';
import { LATEST_SCHEMA_VERSION } from './migrations/index.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

function catalogFile(): string {
  const folder = temporaryFolder();
  cleanup.push(folder.remove);
  return path.join(folder.dir, 'catalog.sqlite');
}

describe('catalog database', () => {
  it('creates the schema in WAL mode at the latest version', () => {
    const file = catalogFile();
    Catalog.open(file).close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['analyses', 'feedback', 'folders', 'images', 'photos']));
    raw.close();
  });

  it('refuses a catalog written by a newer version of the app', () => {
    const file = catalogFile();
    Catalog.open(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    let error: unknown;
    try {
      Catalog.open(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('catalog_too_new');
  });

  it('refuses a file that is not a database with a typed error', async () => {
    const file = catalogFile();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'this is not sqlite, just text that happens to be long enough to have a header page');
    expect(() => Catalog.open(file)).toThrowError(expect.objectContaining({ code: 'catalog_corrupt' }));
  });

  it('keeps folders and feedback across reopening', () => {
    const file = catalogFile();
    const first = Catalog.open(file);
    first.addFolder('/photos/shoot-1', true);
    first.addFolder('/photos/shoot-2', false);
    first.removeFolder('/photos/shoot-2');
    first.addFeedback({ imageHash: 'a'.repeat(64), source: 'api', clientId: 'agency', userScore: 82, dimensionFeedback: { lighting: 9 } });
    first.addFeedback({ imageHash: 'a'.repeat(64), source: 'review', thumbs: -1 });
    first.close();

    const second = Catalog.open(file);
    expect(second.listFolders().map((folder) => [folder.path, folder.recursive])).toEqual([['/photos/shoot-1', true]]);
    const feedback = second.feedbackFor('a'.repeat(64));
    expect(feedback).toHaveLength(2);
    expect(feedback[0]).toMatchObject({ source: 'api', clientId: 'agency', userScore: 82, dimensionFeedback: { lighting: 9 } });
    expect(feedback[1]).toMatchObject({ source: 'review', thumbs: -1, userScore: null });
    second.close();
  });

  it('rejects feedback outside the score range', () => {
    const catalog = Catalog.open(catalogFile());
    cleanup.push(() => catalog.close());
    expect(() => catalog.addFeedback({ imageHash: 'b'.repeat(64), source: 'api', userScore: 140 })).toThrow(/CHECK/);
  });
});
