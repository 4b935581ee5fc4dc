import { describe, expect, it } from 'vitest';
import type { PhotoQuery } from '../../../src-preload/contract/library-types.js';
import { useTestEngine } from '../../../test-support/test-engine.js';
import { GroupsRepo } from './groups.repo.js';
import { templateLibrary } from './library.fixture.js';

const engine = useTestEngine({ models: false, aiPack: false });

/**
 * An open stack keeps its frames together in the grid, best first, where its best frame sorts: a
 * burst's frames scattered between other photos by score (a portrait scored between frame 2 and
 * frame 3) read as separate photos, and the stack's badges lose their meaning.
 */
describe('an open stack in the grid', () => {
  it('lists its frames together, in rank order, at the place of its best frame; closed it shows the best frame only', async () => {
    const { template, catalog, repo } = await templateLibrary(engine());
    const folder = repo.addFolder('/shoot');
    // name → score: a burst of three (its best frame, chosen on eyes and focus, is not its top score) and three single photos.
    const scores: Record<string, number> = { 'burst-a.jpg': 88, 'burst-b.jpg': 92, 'burst-c.jpg': 60, 'single-1.jpg': 95, 'single-2.jpg': 75, 'single-3.jpg': 50 };
    Object.entries(scores).forEach(([name, score], index) => {
      const file = { path: `/shoot/${name}`, fileSize: 1000 + index, mtimeMs: index };
      catalog.saveRating({ result: { ...template, image_hash: index.toString(16).padStart(64, '0'), score }, analysisKey: engine().analysisKey, thumbnailPath: null, file });
      repo.assignFolder(file.path, folder.id);
    });
    const idOf = new Map(repo.listPhotos({ sort: 'name', direction: 'asc', offset: 0, limit: 10 }).items.map((photo) => [photo.name, photo.id]));
    const groups = new GroupsRepo(catalog.database, engine().analysisKey);
    groups.replaceAll([{ photoIds: ['burst-a.jpg', 'burst-b.jpg', 'burst-c.jpg'].map((name) => idOf.get(name)!), ranks: [1, 2, 3], reason: 'Frame 1: every eye open' }]);
    const groupId = groups.groups()[0]!.id;

    const names = (query: Partial<PhotoQuery>): string[] =>
      repo.listPhotos({ sort: 'score', direction: 'desc', offset: 0, limit: 10, collapseStacks: true, ...query }).items.map((photo) => photo.name);
    expect(names({})).toEqual(['single-1.jpg', 'burst-a.jpg', 'single-2.jpg', 'single-3.jpg']);
    expect(names({ expandedGroups: [groupId] })).toEqual(['single-1.jpg', 'burst-a.jpg', 'burst-b.jpg', 'burst-c.jpg', 'single-2.jpg', 'single-3.jpg']);
    expect(names({ expandedGroups: [groupId], direction: 'asc' })).toEqual(['single-3.jpg', 'single-2.jpg', 'burst-a.jpg', 'burst-b.jpg', 'burst-c.jpg', 'single-1.jpg']);
    // Paged: the same order, a page at a time.
    expect(names({ expandedGroups: [groupId], offset: 2, limit: 2 })).toEqual(['burst-b.jpg', 'burst-c.jpg']);
    // Without stacking, every photo by its own score.
    expect(names({ collapseStacks: false })).toEqual(['single-1.jpg', 'burst-b.jpg', 'burst-a.jpg', 'single-2.jpg', 'burst-c.jpg', 'single-3.jpg']);
  });
});
