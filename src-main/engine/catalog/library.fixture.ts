import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { corpusFile } from '../../../test-support/corpus.js';
import type { CullingEngine } from '../engine.js';
import { LibraryRepo } from './library.repo.js';

/**
 * For tests that write many photos straight into the catalog: one real rating (obama.jpg) to vary
 * as a template, the engine's catalog, and a library repository over it.
 */
export async function templateLibrary(engine: CullingEngine): Promise<{ template: RatingResult; catalog: CullingEngine['catalog']; repo: LibraryRepo }> {
  const rated = await engine.rateFile(corpusFile('faces', 'obama.jpg'));
  if (!rated.ok) throw new Error(rated.error.message);
  return { template: rated.result, catalog: engine.catalog, repo: new LibraryRepo(engine.catalog.database, engine.analysisKey) };
}
