import { copyFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIMENSION_KEYS } from '../../src-preload/contract/rating-result.js';
import { corpusFile, temporaryFolder } from '../../test-support/corpus.js';
import { CullingEngine, type EngineOptions, type FileRating } from './engine.js';

let cleanup: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function workspace(): { home: string; photos: string } {
  const folder = temporaryFolder();
  cleanup.push(folder.remove);
  return { home: path.join(folder.dir, 'home'), photos: folder.dir };
}

/** Pixels only: these tests are about the engine's plumbing; faces and content have their own. */
function openEngine(home: string, config?: EngineOptions['config']): CullingEngine {
  const engine = CullingEngine.open({ home, config, models: false });
  cleanup.push(() => engine.close());
  return engine;
}

function rated(rating: FileRating): Extract<FileRating, { ok: true }> {
  if (!rating.ok) throw new Error(`expected a rating, got ${rating.error.code}: ${rating.error.message}`);
  return rating;
}

describe('CullingEngine', () => {
  it('returns every field of the rating result, null where no analyzer can produce it, and says why', async () => {
    const { home } = workspace();
    const engine = openEngine(home);
    const { result } = rated(await engine.rateFile(corpusFile('faces', 'obama.jpg')));
    for (const field of ['rating', 'score', 'tags', 'content_rating', 'quality', 'rejected', 'is_original', 'portfolio_prob',
      'image_hash', 'needs_review', 'review_reason', 'face_count', 'face_confidence', 'dimension_scores']) {
      expect(result, field).toHaveProperty(field);
    }
    expect(result.image_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(result.dimension_scores).sort()).toEqual([...DIMENSION_KEYS].sort());
    // Pixels only: the embedded score stands on quality alone; faces and content are null, saying why.
    expect(result.score).toEqual(expect.any(Number));
    expect(result.face_count).toBeNull();
    expect(result.content_rating.level).toBeNull();
    expect(result.unavailable).toContainEqual({ field: 'face_count', reason: expect.stringContaining('models are turned off') });
    expect(result.unavailable).toContainEqual({ field: 'dimension_scores.composition', reason: 'measured on the main face, and no face detector ran' });
    expect(result.analyzers.map((analyzer) => analyzer.id)).toEqual(['decode', 'quality', 'perceptual_hash', 'score', 'tags', 'portfolio_gate', 'provenance']);
    expect(result.quality).toMatchObject({ width: 910, height: 1137, is_acceptable: true });
    expect(typeof result.content_rating.detail).toBe('string');
  });

  it('answers the same bytes from the catalog, under the same path or another, after reopening', async () => {
    const { home, photos } = workspace();
    const original = path.join(photos, 'a.jpg');
    copyFileSync(corpusFile('faces', 'biden.jpg'), original);

    const first = openEngine(home);
    const fresh = rated(await first.rateFile(original));
    expect(fresh.cached).toBe(false);
    const thumbnail = fresh.thumbnailPath!;
    const thumbnailWritten = statSync(thumbnail).mtimeMs;
    await first.close();

    const second = openEngine(home);
    const again = rated(await second.rateFile(original));
    expect(again.cached).toBe(true);
    expect(again.result).toEqual(fresh.result);

    const renamed = path.join(photos, 'renamed-copy.jpg');
    copyFileSync(original, renamed);
    const copy = rated(await second.rateFile(renamed));
    expect(copy.cached).toBe(true);
    expect(copy.result.image_hash).toBe(fresh.result.image_hash);
    expect(second.catalog.photoByPath(renamed)).toMatchObject({ status: 'rated', imageHash: fresh.result.image_hash });

    // Touching the file without changing its bytes is still a cache hit (by content hash).
    utimesSync(original, new Date(), new Date(Date.now() + 5000));
    expect(rated(await second.rateFile(original)).cached).toBe(true);
    expect(statSync(thumbnail).mtimeMs).toBe(thumbnailWritten);
    expect(readdirSync(path.dirname(thumbnail))).toHaveLength(1);
  });

  it('rates again when the analyzers or their thresholds change', async () => {
    const { home } = workspace();
    const file = corpusFile('faces', 'john1.jpeg');
    const first = openEngine(home);
    expect(rated(await first.rateFile(file)).cached).toBe(false);
    await first.close();
    const stricter = openEngine(home, { quality: { blurryFocus: 500 } as never });
    const again = rated(await stricter.rateFile(file));
    expect(again.cached).toBe(false);
    expect(again.result.quality.issues).toContain('blurry');
  });

  it('refuses files over the size limit without reading them, and records the failure', async () => {
    const { home } = workspace();
    const engine = openEngine(home, { limits: { maxFileBytes: 100_000 } as never });
    const file = corpusFile('faces', 'obama3.jpg');
    const rating = await engine.rateFile(file);
    expect(rating).toMatchObject({ ok: false, error: { code: 'file_too_large' } });
    expect(engine.catalog.photoByPath(file)).toMatchObject({ status: 'failed', errorCode: 'file_too_large' });
  });

  it('gives typed errors for missing files, folders and non-images', async () => {
    const { home, photos } = workspace();
    const engine = openEngine(home);
    const notes = path.join(photos, 'notes.jpg');
    writeFileSync(notes, 'shopping list: milk, film, batteries');
    expect(await engine.rateFile(path.join(photos, 'nope.jpg'))).toMatchObject({ ok: false, error: { code: 'file_not_found' } });
    expect(await engine.rateFile(photos)).toMatchObject({ ok: false, error: { code: 'not_a_file' } });
    expect(await engine.rateFile(notes)).toMatchObject({ ok: false, error: { code: 'unsupported_format' } });
  });

  it('rates bytes without a file, with the same result as the file', async () => {
    const { home } = workspace();
    const engine = openEngine(home);
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(corpusFile('heif', 'example.heic'));
    const fromBytes = await engine.rateBytes(bytes);
    expect(fromBytes).toMatchObject({ ok: true, cached: false, result: { quality: { width: 1280, height: 854 } } });
    const fromFile = rated(await engine.rateFile(corpusFile('heif', 'example.heic')));
    expect(fromFile.cached).toBe(true);
  });

  it('rates many files concurrently and reports them in input order', async () => {
    const { home } = workspace();
    const engine = openEngine(home, { concurrency: 3 });
    const names = ['obama.jpg', 'missing.jpg', 'biden.jpg', 'kit_with_rose.jpg', 'two_people.jpg'];
    const files = names.map((name) => corpusFile('faces', name));
    const order: number[] = [];
    const outcomes = await engine.rateFiles(files, (_rating, index) => order.push(index));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true, true, true]);
  });
});
