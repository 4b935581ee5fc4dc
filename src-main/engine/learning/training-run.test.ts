import { describe, expect, it } from 'vitest';
import { trainLogistic } from './logistic.js';
import { seededRandom } from '../seeded-random.js';
import { API_IMAGE_CAP, collectVotes, feedbackVote, MAX_IMAGE_WEIGHT, starsVote, trainingDecisions, type FeedbackSignal, type MarkSignal } from './signals.js';
import { groupImages } from './split.js';
import { runTraining, type LearningSnapshot, type SnapshotImage } from './training-run.js';
import { extractFeatures } from './features.js';

/**
 * The training run on decisions made up here, over results shaped like the engine's (only the
 * fields the features read): fast, and each hostile case set up exactly.
 */
const random = seededRandom(16);
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

type Photo = SnapshotImage & { bright: boolean };

/** Photos whose brightness decides the simulated user's taste; the built-in gate ignores it. */
function photos(count: number, from = 0): Photo[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const bright = i % 2 === 0;
    const luminance = bright ? 0.6 + 0.3 * random() : 0.1 + 0.3 * random();
    return {
      imageHash: hex(i, 64),
      // Far-apart perceptual hashes: every photo its own group (except where a test says).
      perceptualHash: hex(Math.imul(i + 1, 0x9e3779b1) >>> 0, 8) + hex(Math.imul(i + 7, 0x85ebca6b) >>> 0, 8),
      capturedAt: null,
      bright,
      result: {
        score: 40 + 30 * random(),
        portfolio_prob: 0.3 + 0.4 * random(),
        quality: { sharpness: 50 + 200 * random(), megapixels: 2 + 10 * random(), exposure: { mean_luminance: luminance, contrast: 0.2 + 0.1 * random() }, issues: [] },
        why: { portfolio: { features: { score: 0.5, acceptable: 1 } } },
      },
    };
  });
}

const review = (photo: Photo, id: number, thumbs: -1 | 1 = photo.bright ? 1 : -1): FeedbackSignal => ({
  id,
  imageHash: photo.imageHash,
  source: 'review',
  clientId: null,
  thumbs,
  userScore: null,
  dimensionFeedback: null,
});
const api = (photo: Photo, id: number, thumbs: -1 | 1, clientId = 'c1'): FeedbackSignal => ({ ...review(photo, id, thumbs), source: 'api', clientId });

function snapshot(images: Photo[], feedback: FeedbackSignal[], marks: MarkSignal[] = [], more: Partial<LearningSnapshot> = {}): LearningSnapshot {
  return { feedback, marks, images, kept: [], active: null, knownFingerprints: [], ...more };
}

describe('a training run', () => {
  it('adopts a model of a consistent taste, with the same weights every time', () => {
    const library = photos(80);
    const input = snapshot(library, library.map((photo, i) => review(photo, i + 1)));
    const first = runTraining(input);
    expect(first.candidate).toMatchObject({ kind: 'trained', adopt: true, baseline: null });
    if (first.candidate.kind !== 'trained') return;
    expect(first.candidate.metrics.golden.agreement).toBeGreaterThanOrEqual(0.85);
    expect(first.counts.golden).toBeGreaterThanOrEqual(16);
    const again = runTraining(input);
    expect(again.candidate).toEqual({ ...first.candidate, metrics: { ...first.candidate.metrics, trainMs: expect.any(Number) } });
    // Golden photos are never among those trained on.
    const golden = new Set(first.split.filter((entry) => entry.side === 'golden').map((entry) => entry.imageHash));
    expect(first.candidate.metrics.training.decisions + golden.size).toBe(80);
  });

  it('merges a flood on one photo into one vote and counts an extreme score no more than a thumb', () => {
    const [photo] = photos(1);
    const flood = Array.from({ length: 500 }, (_, i): FeedbackSignal => ({ ...api(photo!, i + 1, 1), thumbs: null, userScore: 100 }));
    const votes = collectVotes(flood, []);
    expect(votes).toEqual([{ imageHash: photo!.imageHash, sourceKey: 'api:c1', firstParty: false, value: 1 }]);
  });

  it('gives an inverted API client no weight, by the golden set when it shares no photo with the user', () => {
    const library = photos(120);
    const mine = library.slice(0, 70).map((photo, i) => review(photo, i + 1));
    const theirs = library.slice(70).map((photo, i) => api(photo, 1000 + i, photo.bright ? -1 : 1, 'inverted'));
    const outcome = runTraining(snapshot(library, [...mine, ...theirs]));
    if (outcome.candidate.kind !== 'trained') throw new Error(outcome.candidate.reason);
    const source = outcome.candidate.metrics.sources.find((entry) => entry.source === 'api:inverted')!;
    expect(source.trust).toBe(0);
    expect(source.reason).toMatch(/golden-set decisions with AUC 0\.[0-4]/);
    expect(outcome.candidate.adopt).toBe(true);
    expect(outcome.candidate.metrics.golden.agreement).toBeGreaterThanOrEqual(0.85);
  });

  it('gives an API client with random labels on the user’s photos no weight, and its run cannot beat the user’s own model', () => {
    const library = photos(80);
    const mine = library.map((photo, i) => review(photo, i + 1));
    const coin = seededRandom(7);
    const noise = library.map((photo, i) => api(photo, 1000 + i, coin() < 0.5 ? 1 : -1, 'random'));
    const clean = runTraining(snapshot(library, mine));
    const noisy = runTraining(snapshot(library, [...mine, ...noise]));
    if (clean.candidate.kind !== 'trained' || noisy.candidate.kind !== 'trained') throw new Error('both should train');
    expect(noisy.candidate.metrics.sources.find((entry) => entry.source === 'api:random')).toMatchObject({ trust: 0, weight: 0 });
    expect(noisy.candidate.metrics.golden).toEqual(clean.candidate.metrics.golden);
  });

  it('reads marks and stars as votes: a pick or reject is a full vote, stars a weaker one, 3 stars none', () => {
    const [a, b, c] = photos(3);
    const votes = collectVotes([], [
      { imageHash: a!.imageHash, mark: 'reject', stars: 0 },
      { imageHash: b!.imageHash, mark: null, stars: 5 },
      { imageHash: c!.imageHash, mark: null, stars: 3 },
    ]);
    expect(votes).toEqual([
      { imageHash: a!.imageHash, sourceKey: 'mark', firstParty: true, value: -1 },
      { imageHash: b!.imageHash, sourceKey: 'stars', firstParty: true, value: 0.8 },
    ]);
  });

  it('rolls back an adopted version that does worse on newer golden decisions, and says why', () => {
    const library = photos(80);
    const inverted = trainLogistic(library.map((photo) => ({ features: extractFeatures(photo.result), label: photo.bright ? 0 : 1, weight: 1 })));
    const outcome = runTraining(
      snapshot(library, library.map((photo, i) => review(photo, i + 1)), [], { active: { version: 3, model: inverted, goldenKeys: [], baseline: null } }),
    );
    expect(outcome.rollback?.version).toBe(3);
    expect(outcome.rollback?.reason).toMatch(/does worse than the built-in gate: AUC −/);
    // …and the new candidate is judged against what v3 replaced (the built-in gate), and adopted.
    expect(outcome.candidate).toMatchObject({ kind: 'trained', adopt: true, baseline: null });
  });

  it('keeps near-duplicates and bursts in one group, so they land on one side', () => {
    const [a, b, c, d] = photos(4);
    const twin = { ...b!, imageHash: hex(999, 64), perceptualHash: `${b!.perceptualHash!.slice(0, 15)}${(Number.parseInt(b!.perceptualHash!.slice(15), 16) ^ 1).toString(16)}` };
    // A burst: one second apart, the subject moved (15 bits differ: more than a copy, less than another picture).
    const moved = (Number.parseInt(c!.perceptualHash!.slice(12), 16) ^ 0x7fff).toString(16).padStart(4, '0');
    const burst = [{ ...c!, capturedAt: '2024-05-01T10:00:00' }, { ...d!, perceptualHash: `${c!.perceptualHash!.slice(0, 12)}${moved}`, capturedAt: '2024-05-01T10:00:01' }];
    // Another picture with the same clock reading (a camera that never had its date set) stays apart.
    const sameClock = { ...a!, capturedAt: '2024-05-01T10:00:01' };
    const groups = groupImages([sameClock, b!, twin, ...burst].map((image) => ({ ...image, firstParty: true })));
    expect(groups.get(twin.imageHash)).toBe(groups.get(b!.imageHash));
    expect(groups.get(burst[0]!.imageHash)).toBe(groups.get(burst[1]!.imageHash));
    expect(groups.get(sameClock.imageHash)).not.toBe(groups.get(burst[0]!.imageHash));
    expect(groups.get(a!.imageHash)).not.toBe(groups.get(b!.imageHash));
  });

  it('does not learn from API labels alone: their weight is capped by the user’s own, and only the user’s decisions judge', () => {
    const library = photos(60);
    const outcome = runTraining(snapshot(library, library.map((photo, i) => api(photo, i + 1, photo.bright ? 1 : -1))));
    expect(outcome.candidate).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/needs 12 training decisions/) });
    expect(outcome.counts).toMatchObject({ decisions: 60, training: 0, golden: 0 });
  });
});

describe('one decision per photo from many votes', () => {
  const [photo, other] = photos(2, 500);
  const trusted = (votes: ReturnType<typeof collectVotes>) => new Map(votes.filter((vote) => !vote.firstParty).map((vote) => [vote.sourceKey, { trust: 1, reason: 'test' }]));

  it('never lets API clients outvote the user on a photo, however many of them there are', () => {
    const mine = review(photo!, 1, 1);
    const crowd = Array.from({ length: 200 }, (_, i) => api(photo!, 10 + i, -1, `client-${i}`));
    const votes = collectVotes([mine, ...crowd], []);
    const { decisions } = trainingDecisions(votes, trusted(votes));
    expect(decisions.get(photo!.imageHash)).toEqual({ imageHash: photo!.imageHash, label: 1, weight: 1 });
  });

  it('lets all API clients together weigh no more than one trusted client on a photo the user left alone', () => {
    const crowd = Array.from({ length: 200 }, (_, i) => api(other!, 10 + i, 1, `client-${i}`));
    // A little of the user's own elsewhere, so the global cap does not hide the per-photo one.
    const mine = photos(400, 600).map((item, i) => review(item, 1000 + i));
    const votes = collectVotes([...mine, ...crowd], []);
    const { decisions } = trainingDecisions(votes, trusted(votes));
    expect(decisions.get(other!.imageHash)).toEqual({ imageHash: other!.imageHash, label: 1, weight: API_IMAGE_CAP });
  });

  it('counts values at the extremes as one full vote at most, and all of the user’s sources together at most MAX_IMAGE_WEIGHT', () => {
    const extreme = [1e12, -1e12, Number.POSITIVE_INFINITY, Number.NaN].map((userScore, i): FeedbackSignal => ({ ...review(photo!, 1 + i), thumbs: null, userScore }));
    for (const signal of extreme) {
      const vote = feedbackVote(signal);
      expect(vote === null || Math.abs(vote) <= 1, String(signal.userScore)).toBe(true);
    }
    expect(feedbackVote({ ...review(photo!, 9), thumbs: null, dimensionFeedback: { lighting: 1e9, mood: -1e9, sharp: Number.NaN } })).not.toBeNaN();
    expect(starsVote(99)).toBeLessThanOrEqual(1);
    // Review, CLI, pick and five stars all agree: one photo, one capped weight.
    const votes = collectVotes([review(photo!, 1, 1), { ...review(photo!, 2, 1), source: 'cli' }], [{ imageHash: photo!.imageHash, mark: 'pick', stars: 5 }]);
    expect(votes).toHaveLength(4);
    expect(trainingDecisions(votes, new Map()).decisions.get(photo!.imageHash)).toEqual({ imageHash: photo!.imageHash, label: 1, weight: MAX_IMAGE_WEIGHT });
  });
});
