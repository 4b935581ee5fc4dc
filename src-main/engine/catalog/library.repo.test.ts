import { describe, expect, it } from 'vitest';
import type { PhotoQuery, PhotoSummary } from '../../../src-preload/contract/library-types.js';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { useTestEngine } from '../../../test-support/test-engine.js';
import { templateLibrary } from './library.fixture.js';

const engine = useTestEngine({ models: false, aiPack: false });
const PHOTO_COUNT = 10_000;
const TAGS = ['portrait', 'fashion', 'studio', 'editorial', 'outdoor', 'vertical'];
const ISSUES = ['blurry', 'no_face', 'overexposed', 'low_contrast'];

/** A deterministic spread of results, made from one real result so every field has its real shape. */
function variant(base: RatingResult, index: number): RatingResult {
  const score = (index * 37) % 1000 / 10;
  return {
    ...base,
    image_hash: index.toString(16).padStart(64, '0'),
    score,
    rating: score >= 70 ? 'High' : score >= 40 ? 'Medium' : 'Low',
    tags: TAGS.filter((_, tag) => (index >> tag) % 2 === 1).map((tag, rank) => ({ tag, confidence: 1 - rank / 10 })),
    content_rating: { ...base.content_rating, level: index % 10 === 0 ? 'revealing' : 'safe' },
    quality: { ...base.quality, sharpness: index % 500, issues: ISSUES.filter((_, issue) => index % (issue + 3) === 0) as RatingResult['quality']['issues'] },
    needs_review: index % 7 === 0,
    face_count: index % 4,
    source: { ...base.source, captured_at: index % 5 === 0 ? null : `2024-01-01T00:00:${String(index % 60).padStart(2, '0')}` },
  };
}

function timed<T>(label: string, work: () => T): T {
  const started = performance.now();
  const result = work();
  console.log(`${label}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
}

describe('library repository at 10,000 photos', () => {
  it('lists, filters, pages and counts in SQL', async () => {
    const { template, catalog, repo } = await templateLibrary(engine());
    const folder = repo.addFolder('/library/shoot');
    const other = repo.addFolder('/library/other');
    timed(`insert ${PHOTO_COUNT} photos`, () =>
      repo.transaction(() => {
        for (let index = 0; index < PHOTO_COUNT; index++) {
          const file = { path: `/library/${index % 3 === 0 ? 'other' : 'shoot'}/IMG_${String(index).padStart(5, '0')}.jpg`, fileSize: 1000 + index, mtimeMs: index };
          if (index % 50 === 49) catalog.recordFailure(file, { code: 'corrupt_image', message: 'broken' });
          else catalog.saveRating({ result: variant(template, index), analysisKey: engine().analysisKey, thumbnailPath: null, file });
          repo.assignFolder(file.path, index % 3 === 0 ? other.id : folder.id);
        }
      }),
    );
    const photos = repo.listPhotos({ sort: 'name', direction: 'asc', offset: 0, limit: 1 }).items;
    repo.setCull([photos[0]!.id], { mark: 'pick', stars: 3 });

    const list = (query: Partial<PhotoQuery>, label: string) =>
      timed(label, () => repo.listPhotos({ sort: 'score', direction: 'desc', offset: 0, limit: 20_000, ...query }));

    const all = list({}, 'list all 10k by score');
    expect(all.total).toBe(PHOTO_COUNT);
    const scored = all.items.filter((photo) => photo.score !== null);
    expect(scored.map((photo) => photo.score)).toEqual(scored.map((photo) => photo.score).sort((a, b) => b! - a!));
    expect(all.items.slice(scored.length).every((photo) => photo.status === 'failed')).toBe(true);
    expect(scored).toHaveLength(PHOTO_COUNT - PHOTO_COUNT / 50);

    // Pages are stable: pages of 2,500 are the full listing, in order (ties broken by name, then id).
    for (const [sort, direction] of [['score', 'desc'], ['captured', 'asc'], ['faces', 'desc']] as const) {
      const whole = repo.listPhotos({ sort, direction, offset: 0, limit: 20_000 }).items.map((photo) => photo.id);
      const paged: number[] = [];
      for (let offset = 0; offset < PHOTO_COUNT; offset += 2500) paged.push(...repo.listPhotos({ sort, direction, offset, limit: 2500 }).items.map((photo) => photo.id));
      expect(paged, `${sort} ${direction}`).toEqual(whole);
    }
    const firstPage = timed('first page of 200 by score', () => repo.listPhotos({ sort: 'score', direction: 'desc', offset: 0, limit: 200 }));
    expect(firstPage.items.map((photo) => photo.id)).toEqual(all.items.slice(0, 200).map((photo) => photo.id));

    const expectAll = (items: PhotoSummary[], test: (photo: PhotoSummary) => boolean) => expect(items.every(test)).toBe(true);
    const high = list({ ratings: ['High'] }, 'filter rating High');
    expectAll(high.items, (photo) => photo.rating === 'High');
    const tagged = list({ tags: ['portrait', 'studio'] }, 'filter tags portrait+studio');
    expect(tagged.total).toBeGreaterThan(0);
    expectAll(tagged.items, (photo) => photo.tags.includes('portrait') && photo.tags.includes('studio'));
    const issues = list({ issues: ['blurry', 'overexposed'] }, 'filter issues blurry|overexposed');
    expectAll(issues.items, (photo) => photo.issues.includes('blurry') || photo.issues.includes('overexposed'));
    const review = list({ needsReview: true, review: 'pending' }, 'filter needs review, pending');
    expectAll(review.items, (photo) => photo.needsReview && !photo.reviewed);
    const combined = list({ ratings: ['Medium', 'High'], contentLevels: ['safe'], folderId: folder.id, search: 'img_01', marks: ['none'] }, 'filter combined');
    expect(combined.total).toBeGreaterThan(0);
    expectAll(combined.items, (photo) => photo.contentLevel === 'safe' && photo.folderId === folder.id && photo.name.startsWith('IMG_01') && photo.mark === null);
    expect(list({ marks: ['pick'], minStars: 3 }, 'filter picks').items.map((photo) => photo.id)).toEqual([photos[0]!.id]);
    expect(list({ minStars: 4 }, 'filter 4 stars').total).toBe(0);

    const facets = timed('facets over 10k', () => repo.facets());
    expect(facets.total).toBe(PHOTO_COUNT);
    expect(facets.failed).toBe(PHOTO_COUNT / 50);
    expect(facets.ratings.find((facet) => facet.value === 'High')?.count).toBe(high.total);
    expect(facets.tags.find((facet) => facet.value === 'portrait')?.count).toBe(list({ tags: ['portrait'] }, 'filter tag portrait').total);
    expect(facets.issues.find((facet) => facet.value === 'blurry')?.count).toBe(list({ issues: ['blurry'] }, 'filter issue blurry').total);
    expect(facets.reviewPending).toBe(review.total);
    expect(facets.contentLevels.map((facet) => facet.value).sort()).toEqual(['revealing', 'safe']);
  });
});
