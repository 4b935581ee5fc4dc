import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';
import { CullingEngine, type FileRating } from '../engine.js';
import { ModelStore } from './model-store.js';

const folder = temporaryFolder();
afterAll(() => folder.remove());

function result(rating: FileRating) {
  if (!rating.ok) throw new Error(rating.error.message);
  return rating;
}

describe('a model that cannot be loaded', () => {
  it('leaves its fields null with the reason, keeps the rest, and is not cached', async () => {
    const cache = path.join(folder.dir, 'models');
    // Convert the face detector once, then corrupt the cached ONNX file.
    const prepared = await new ModelStore(cache).prepare('blazeface-full-range');
    writeFileSync(prepared.cachePath, 'this is not an ONNX model');

    const engine = CullingEngine.open({ home: path.join(folder.dir, 'home'), modelCacheDir: cache });
    try {
      const first = result(await engine.rateFile(corpusFile('faces', 'obama.jpg')));
      expect(first.result.face_count).toBeNull();
      expect(first.result.faces).toBeNull();
      expect(first.result.unavailable).toContainEqual({ field: 'face_count', reason: expect.stringMatching(/faces analyzer failed.*blazeface-full-range/) });
      expect(first.result.unavailable).toContainEqual({ field: 'faces[].eyes', reason: expect.stringContaining('face detection did not run') });
      expect(first.result.analyzers.map((analyzer) => analyzer.id)).not.toContain('faces');
      // The other analyzers still ran.
      expect(first.result.content_rating.level).toBe('safe');
      expect(first.result.quality.width).toBe(910);
      // Not remembered: the next run tries the model again.
      expect(result(await engine.rateFile(corpusFile('faces', 'obama.jpg'))).cached).toBe(false);
    } finally {
      await engine.close();
    }
  });
});
