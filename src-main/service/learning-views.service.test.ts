import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoQuery, PhotoSummary } from '../../src-preload/contract/library-types.js';
import { iqaPhotos, writeHighLowKeyShoot, writeVariant } from '../../test-support/degraded-variants.js';
import type { CullerService } from './culler-service.js';
import { importIdle, openImportedLibrary, testPlace, value } from './service.fixture.js';

/**
 * The personal model everywhere a verdict or score shows: the grid's tiles, its sort by score, the
 * rating and review filters and their counts follow the adopted version (stored per photo when it
 * is adopted, and for each photo rated afterwards), and a reset or a roll-back returns every view
 * to the built-in or the earlier behaviour. A user who likes high-key light reviews 20 frames.
 */
const DECIDED_FRAMES = 20;
const UNREVIEWED_FRAMES = 6;

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const frameOf = (photo: PhotoSummary): number => Number(/^f(\d+)-/.exec(photo.name)![1]);
const likes = (photo: PhotoSummary): boolean => photo.name.includes('-high');
const byScore: PhotoQuery = { sort: 'score', direction: 'desc', offset: 0, limit: 1000 };

async function list(service: CullerService, query: Partial<PhotoQuery> = {}): Promise<PhotoSummary[]> {
  return value(await service.handle('photos:list', { ...byScore, ...query })).items;
}

/** Mean position (0 = top) of the photos the user would keep, in a list sorted by score. */
const meanRankOfLiked = (items: PhotoSummary[], among: Set<number>): number => {
  const ranks = items.flatMap((photo, index) => (among.has(photo.id) && likes(photo) ? [index] : []));
  return ranks.reduce((sum, rank) => sum + rank, 0) / ranks.length;
};

describe('the personal model in the grid, its sort and its filters', () => {
  it('shows the adopted version in every tile, sort and facet, for photos rated later too; reset and roll-back switch every view back', async () => {
    const place = testPlace();
    const sources = iqaPhotos(DECIDED_FRAMES + UNREVIEWED_FRAMES + 1);
    await writeHighLowKeyShoot(sources.slice(0, -1), place.photos);
    const { service, events } = await openImportedLibrary(place, cleanup, { watch: false, autoTrainEvery: 0 });
    const photos = await list(service, { sort: 'name', direction: 'asc' });
    expect(photos.filter((photo) => photo.status === 'rated')).toHaveLength(2 * (DECIDED_FRAMES + UNREVIEWED_FRAMES));
    for (const photo of photos.filter((item) => frameOf(item) < DECIDED_FRAMES)) {
      value(await service.handle('feedback:submit', { photoId: photo.id, thumbs: likes(photo) ? 'up' : 'down' }));
    }
    const unreviewed = new Set(photos.filter((photo) => frameOf(photo) >= DECIDED_FRAMES).map((photo) => photo.id));

    // The built-in views, as the grid shows them with no personal version.
    const builtin = await list(service);
    const builtinFacets = value(await service.handle('photos:facets', undefined));
    expect(builtin.every((photo) => !photo.personal)).toBe(true);

    const trained = value(await service.handle('learning:train', undefined));
    expect(trained.adopted, trained.outcome).toBe(true);
    const version = trained.version!;
    // Adoption scored the library before the run reported back, and told the grid to re-read.
    const changed = await events.next((event) => event.type === 'photos-changed' && event.photoIds.includes([...unreviewed][0]!), 'the grid re-read after adoption');
    expect(changed.type === 'photos-changed' && changed.photoIds.length).toBe(photos.length);

    const personal = await list(service);
    // Every tile carries the version's verdict, and the same values the detail serves.
    for (const photo of personal) {
      expect(photo.personal, photo.name).toMatchObject({ version });
      const result = value(await service.handle('photos:detail', { photoId: photo.id })).result!;
      expect({ score: photo.score, rating: photo.rating, needsReview: photo.needsReview, verdict: photo.personal!.verdict }, photo.name).toEqual({
        score: result.score,
        rating: result.rating,
        needsReview: result.needs_review,
        verdict: result.why.personal!.verdict,
      });
      if (result.needs_review) expect(photo.reviewReason).toBe(result.review_reason);
    }
    // The sort by score is the personal score's, and it moves the user's kind of photo up.
    const scores = personal.map((photo) => photo.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(meanRankOfLiked(personal, unreviewed)).toBeLessThan(meanRankOfLiked(builtin, unreviewed));
    const unseen = personal.filter((photo) => unreviewed.has(photo.id));
    const agree = unseen.filter((photo) => (photo.personal!.verdict === 'keep') === likes(photo)).length / unseen.length;
    expect(agree).toBeGreaterThanOrEqual(0.85);

    // Facets count, and filters select, by the personal values.
    const facets = value(await service.handle('photos:facets', undefined));
    expect(facets.needsReview).toBe(personal.filter((photo) => photo.needsReview).length);
    for (const { value: rating, count } of facets.ratings) expect(count, rating).toBe(personal.filter((photo) => photo.rating === rating).length);
    for (const rating of ['High', 'Medium', 'Low'] as const) {
      const filtered = await list(service, { ratings: [rating] });
      expect(filtered.map((photo) => photo.id).sort(), rating).toEqual(personal.filter((photo) => photo.rating === rating).map((photo) => photo.id).sort());
    }
    const review = await list(service, { needsReview: true });
    expect(review.map((photo) => photo.id).sort()).toEqual(personal.filter((photo) => photo.needsReview).map((photo) => photo.id).sort());
    expect(value(await service.handle('photos:facetsFor', { needsReview: true })).total).toBe(review.length);

    // A photo rated after adoption shows the version's verdict as soon as it is in the grid.
    const later = path.join(path.dirname(place.photos), 'later');
    mkdirSync(later);
    await writeVariant(sources.at(-1)!, 'high-key', path.join(later, 'f99-high.jpg'));
    value(await service.handle('library:addFolder', { path: later }));
    await importIdle(service, events);
    const arrived = (await list(service, { search: 'f99-high' }))[0]!;
    const arrivedResult = value(await service.handle('photos:detail', { photoId: arrived.id })).result!;
    expect(arrived.personal).toEqual({ version, verdict: arrivedResult.why.personal!.verdict });
    expect(arrived.score).toBe(arrivedResult.score);

    // Reset: every view is the built-in one again, at once.
    value(await service.handle('learning:reset', undefined));
    const afterReset = await list(service);
    expect(afterReset.filter((photo) => photo.id !== arrived.id)).toEqual(builtin);
    expect(afterReset.every((photo) => !photo.personal)).toBe(true);
    const resetFacets = value(await service.handle('photos:facets', undefined));
    expect(resetFacets.needsReview).toBe(afterReset.filter((photo) => photo.needsReview).length);
    for (const { value: rating, count } of resetFacets.ratings) expect(count, rating).toBe(afterReset.filter((photo) => photo.rating === rating).length);
    expect(builtinFacets.needsReview).toBe(builtin.filter((photo) => photo.needsReview).length);

    // Roll back to the version: its verdicts again, the photo rated meanwhile included.
    value(await service.handle('learning:rollback', { version }));
    await service.engine.learning.settled();
    const restored = await list(service);
    expect(restored.filter((photo) => photo.id !== arrived.id)).toEqual(personal);
    expect(restored.find((photo) => photo.id === arrived.id)!.personal).toEqual(arrived.personal);

    // Another shoot profile re-judges the stored results: the version's stored views follow, so a
    // tile never shows a score judged under the profile the user just left.
    value(await service.handle('settings:set', { profile: 'landscape' }));
    await service.engine.learning.settled();
    for (const photo of await list(service)) {
      const result = value(await service.handle('photos:detail', { photoId: photo.id })).result!;
      expect(result.why.profile?.id).toBe('landscape');
      expect({ score: photo.score, rating: photo.rating, needsReview: photo.needsReview }, photo.name).toEqual({
        score: result.score,
        rating: result.rating,
        needsReview: result.needs_review,
      });
    }
  }, 300_000);
});
