import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../test-support/corpus.js';
import { useTestEngine } from '../../test-support/test-engine.js';
import { GroupsRepo } from '../engine/catalog/groups.repo.js';
import { LibraryRepo } from '../engine/catalog/library.repo.js';
import { EMBEDDED_CONTENT_MODEL } from '../engine/grouping/content-embedding.js';
import { PhotoGroups } from './photo-groups.js';

describe('content embeddings in the library’s grouping', () => {
  const engine = useTestEngine();

  it('keeps each photo’s embedding in the catalog and groups the library by it without rating again', async () => {
    const folder = corpusFile('bursts');
    const files = readdirSync(folder).filter((name) => name.endsWith('.jpg')).map((name) => path.join(folder, name));
    for (const rating of await engine().rateFiles(files, () => {})) if (!rating.ok) throw new Error(rating.error.message);
    const library = new LibraryRepo(engine().catalog.database, engine().analysisKey);
    const folderId = library.addFolder(folder).id;
    for (const file of files) library.assignFolder(file, folderId);

    const repo = new GroupsRepo(engine().catalog.database, engine().analysisKey);
    const rows = repo.groupingRows();
    expect(rows).toHaveLength(files.length);
    for (const row of rows) {
      expect(row.embeddings?.map((embedding) => embedding.model)).toEqual([EMBEDDED_CONTENT_MODEL]);
      // 1280 features, one signed byte each, base64.
      expect(Buffer.from(row.embeddings![0]!.vector, 'base64')).toHaveLength(1280);
    }

    const stacks = new PhotoGroups(repo).regroupAll();
    const nameOf = new Map(rows.map((row) => [row.id, path.basename(row.path, '.jpg').replace(/-\d$/, '')]));
    expect(stacks.map((stack) => `${nameOf.get(stack.photoIds[0]!)}×${stack.photoIds.length}`).sort()).toEqual(['cockatoo-b×3', 'cockatoo-c×3', 'cockatoo-d×3', 'd70s-series×4']);
  }, 120_000);
});
