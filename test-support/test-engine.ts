import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { CullingEngine, type EngineOptions } from '../src-main/engine/engine.js';
import { SHARED_MODEL_CACHE, temporaryFolder } from './corpus.js';

/**
 * One engine for a test file: a fresh home, the run's shared converted-model cache, closed and
 * removed after the file's tests. Returns a getter (the engine exists once `beforeAll` has run).
 */
export function useTestEngine(options: Omit<EngineOptions, 'home'> = {}): () => CullingEngine {
  const folder = temporaryFolder();
  let engine: CullingEngine | null = null;
  beforeAll(() => {
    engine = CullingEngine.open({ modelCacheDir: SHARED_MODEL_CACHE, ...options, home: path.join(folder.dir, 'home') });
  });
  afterAll(async () => {
    await engine?.close();
    folder.remove();
  });
  return () => {
    if (!engine) throw new Error('the test engine is opened in beforeAll');
    return engine;
  };
}
