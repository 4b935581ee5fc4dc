import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';
import { CullingEngine, type FileRating } from '../engine.js';
import { PROFILES } from './profiles.js';

let cleanup: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function openEngine(home: string): CullingEngine {
  const engine = CullingEngine.open({ home, analysisThreads: 0 });
  cleanup.push(() => engine.close());
  return engine;
}

function home(): string {
  const folder = temporaryFolder();
  cleanup.push(folder.remove);
  return path.join(folder.dir, 'home');
}

function rated(rating: FileRating): Extract<FileRating, { ok: true }> {
  if (!rating.ok) throw new Error(`expected a rating, got ${rating.error.code}: ${rating.error.message}`);
  return rating;
}

/** Purple flowers with a harbour behind (iPhone 5): a landscape, no face in it. */
const LANDSCAPE = corpusFile('camera', 'apple-iphone-5.jpg');

describe('shoot profiles', () => {
  it('a camera landscape goes to review for "no face" under the portfolio profile, not under the landscape profile', async () => {
    const engine = openEngine(home());
    const portfolio = rated(await engine.rateFile(LANDSCAPE)).result;
    expect(portfolio.face_count).toBe(0);
    expect(portfolio.why.profile?.id).toBe('portfolio');
    expect(portfolio.why.needs_review).toContain('no face found');
    expect(portfolio.needs_review).toBe(true);

    const landscape = rated(await engine.rateFile(LANDSCAPE, { profile: 'landscape' }));
    // Same stored measures, judged again: a cache hit, nothing decoded.
    expect(landscape.cached).toBe(true);
    expect(landscape.result.why.profile?.id).toBe('landscape');
    expect(landscape.result.why.profile?.rules).toEqual(PROFILES.landscape.rules);
    expect(landscape.result.why.needs_review).not.toContain('no face found');
    expect(landscape.result.review_reason ?? '').not.toMatch(/no face/);
    // "no face" was its only reason: under the landscape profile it is a keeper, not a question.
    expect(landscape.result.needs_review).toBe(false);
    // Without the "has a face" evidence the landscape's keep probability is no lower than the portfolio's.
    expect(landscape.result.portfolio_prob!).toBeGreaterThanOrEqual(portfolio.portfolio_prob!);
    expect(landscape.result.why.profile?.builtin?.score).toBe(portfolio.score);
    expect(landscape.result.quality).toEqual(portfolio.quality);
  }, 120_000);

  it('the library profile re-judges stored results without decoding, follows a restart, and portfolio gives the built-in back', async () => {
    const dir = home();
    const first = openEngine(dir);
    const before = rated(await first.rateFile(LANDSCAPE)).result;
    expect(first.profile).toBe('portfolio');
    expect(first.setProfile('landscape')).toHaveLength(1);
    const stored = rated(await first.rateFile(LANDSCAPE));
    expect(stored.cached).toBe(true);
    expect(stored.result.why.profile?.id).toBe('landscape');
    await first.close();

    // The catalog's own columns (what the grid and the review queue filter on) follow the profile.
    const raw = new Database(path.join(dir, 'catalog.sqlite'), { readonly: true });
    const row = raw.prepare('SELECT profile, needs_review, score FROM analyses').get() as { profile: string; needs_review: number; score: number };
    raw.close();
    expect(row.profile).toBe('landscape');
    expect(row.score).toBe(stored.result.score);
    expect(row.needs_review).toBe(Number(stored.result.needs_review));

    const second = openEngine(dir);
    expect(second.profile).toBe('landscape');
    expect(second.setProfile('portfolio')).toHaveLength(1);
    const back = rated(await second.rateFile(LANDSCAPE)).result;
    expect(back.score).toBe(before.score);
    expect(back.needs_review).toBe(before.needs_review);
    expect(back.review_reason).toBe(before.review_reason);
  }, 120_000);

  it('wedding weighs the faces of a group photo more and names no face as no reason; every profile says it judged', async () => {
    const engine = openEngine(home());
    const group = rated(await engine.rateFile(corpusFile('faces', 'two_people.jpg'))).result;
    expect(group.face_count).toBeGreaterThanOrEqual(2);
    const wedding = engine.judge(group, 'wedding');
    expect(wedding.why.profile?.id).toBe('wedding');
    expect(wedding.why.profile?.weights).toEqual(PROFILES.wedding.weights);
    const closed = (group.faces ?? []).filter((face) => face.eyes?.closed).length;
    if (closed > 0) expect(wedding.why.needs_review).toContain(`group of ${group.face_count} faces: ${closed} with eyes closed`);
    else expect(wedding.why.needs_review.join(' ')).not.toMatch(/eyes closed/);

    const detail = engine.judge(rated(await engine.rateFile(LANDSCAPE)).result, 'wedding');
    expect(detail.why.needs_review).not.toContain('no face found');
  }, 120_000);
});
