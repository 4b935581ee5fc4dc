import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { corpusFile, SHARED_MODEL_CACHE, temporaryFolder } from '../../../test-support/corpus.js';
import { CullingEngine, type FileRating } from '../engine.js';

// Photos analysed on the analysis worker threads must come out exactly as on the hosting thread:
// same measures, same faces and eyes from the shared model worker, same typed errors.
let cleanup: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function open(analysisThreads: number): CullingEngine {
  const folder = temporaryFolder();
  const engine = CullingEngine.open({ home: path.join(folder.dir, 'home'), modelCacheDir: SHARED_MODEL_CACHE, analysisThreads });
  cleanup.push(folder.remove, () => engine.close());
  return engine;
}

/** What does not depend on when or where a photo was rated. */
function comparable(rating: FileRating): Omit<RatingResult, 'rated_at'> | { code: string } {
  if (!rating.ok) return { code: rating.error.code };
  const { rated_at: _ratedAt, ...rest } = rating.result;
  // A model's provider is known once that model has run in the thread asking, which depends on
  // which photos went where first (eyes on a photo without faces): compared apart, below.
  return { ...rest, analyzers: rest.analyzers.map(({ execution_provider: _provider, ...analyzer }) => analyzer) };
}

describe('the analysis worker pool', () => {
  it('rates photos, faces and eyes included, and fails bad files with the same typed errors as the hosting thread', async () => {
    const files = [
      corpusFile('faces', 'obama.jpg'),
      corpusFile('camera', 'canon-eos-1000d.jpg'),
      corpusFile('heif', 'example.heic'),
      corpusFile('bad', 'truncated_jpeg.jpg'),
      corpusFile('bad', 'broken.png'),
    ];
    const onThreads = await open(2).rateFiles(files, () => {});
    const onHost = await open(0).rateFiles(files, () => {});
    expect(onThreads.map(comparable)).toEqual(onHost.map(comparable));
    const obama = onThreads[0]!;
    expect(obama.ok && obama.result.face_count).toBe(1);
    expect(obama.ok && obama.result.faces?.[0]?.eyes).toBeTruthy();
    expect(obama.ok && obama.thumbnailPath).toBeTruthy();
    const providers = obama.ok ? obama.result.analyzers.filter((analyzer) => analyzer.model).map((analyzer) => [analyzer.id, analyzer.execution_provider]) : [];
    expect(providers).toEqual([
      ['faces', 'cpu'],
      ['eyes', 'cpu'],
      ['content', 'cpu'],
      ['body', 'cpu'],
      ['objects', 'cpu'],
    ]);
    expect(onThreads.slice(3).map((rating) => !rating.ok && rating.error.code)).toEqual(['corrupt_image', 'corrupt_image']);
    // The worker that decoded a photo writes its thumbnail: the same JPEG the host writes.
    for (const [index, rating] of onThreads.entries()) {
      const host = onHost[index]!;
      if (!rating.ok || !host.ok) continue;
      expect(rating.thumbnailPath, rating.path).not.toBe(host.thumbnailPath);
      const [threaded, hosted] = await Promise.all([readFile(rating.thumbnailPath!), readFile(host.thumbnailPath!)]);
      expect(threaded.equals(hosted), rating.path).toBe(true);
      const { width = 0, height = 0, format } = await sharp(threaded).metadata();
      expect([format, Math.max(width, height)], rating.path).toEqual(['jpeg', 512]);
    }
  }, 180_000);
});
