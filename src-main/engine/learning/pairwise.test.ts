import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { corpusFile } from '../../../test-support/corpus.js';
import { writeExposure } from '../../../test-support/degraded-variants.js';
import { CullingEngine } from '../engine.js';
import { extractFeatures, type FeatureVector } from './features.js';
import { seededRandom } from '../seeded-random.js';
import { frameUtility, heldOutGroups, runRanker, type RankerGroup, type RankerInput } from './pairwise.js';
import type { Decision } from './signals.js';

/**
 * A simulated user choosing within bursts: every frame of the corpus's bursts, in four exposures
 * (degraded copies, near-identical shots of one moment, so one group each), rated by the real
 * engine. The user keeps the two brightest of each group and rejects the two darkest. A third of
 * the groups are held out (whole); the ranker must learn the taste from the rest and beat the built-in
 * best-frame choice on the held-out bursts, and a user with random choices must not get one.
 */
const EXPOSURES = [
  { name: 'dark', gain: 0.55, offset: 0 },
  { name: 'dim', gain: 0.8, offset: 8 },
  { name: 'bright', gain: 1.05, offset: 30 },
  { name: 'airy', gain: 1.25, offset: 60 },
] as const;

let scratch = '';
let engine: CullingEngine;
const groups: RankerGroup[] = [];
const exposureOf = new Map<string, number>();
const featuresOf = new Map<string, FeatureVector>();
const resultOf = new Map<string, RatingResult>();

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'culler-pairwise-'));
  engine = CullingEngine.open({ home: path.join(scratch, 'home'), models: false, aiPack: false });
  const frames = readdirSync(corpusFile('bursts'))
    .filter((name) => name.endsWith('.jpg'))
    .sort();
  for (const frame of frames) {
    const members: string[] = [];
    for (const [level, exposure] of EXPOSURES.entries()) {
      const file = path.join(scratch, `${path.parse(frame).name}-${exposure.name}.jpg`);
      await writeExposure(corpusFile('bursts', frame), exposure, 640, file);
      const rated = await engine.rateFile(file);
      if (!rated.ok) throw new Error(`${file}: ${rated.error.message}`);
      const hash = rated.result.image_hash;
      members.push(hash);
      exposureOf.set(hash, level);
      featuresOf.set(hash, extractFeatures(rated.result));
      resultOf.set(hash, rated.result);
    }
    groups.push({ key: frame, members });
  }
}, 300_000);

afterAll(async () => {
  await engine?.close();
  rmSync(scratch, { recursive: true, force: true });
});

function input(decide: (hash: string, members: string[]) => 0 | 1 | null): RankerInput {
  const decisions = new Map<string, Decision>();
  for (const group of groups) {
    for (const hash of group.members) {
      const label = decide(hash, group.members);
      if (label !== null) decisions.set(hash, { imageHash: hash, label, weight: 1 });
    }
  }
  return { groups, decisions, featuresOf, resultOf, current: null, knownFingerprints: [] };
}

describe('the pairwise ranker within bursts', () => {
  it('learns "the brighter frame" from keeps and rejects within bursts and beats the built-in choice on held-out bursts', () => {
    const outcome = runRanker(input((hash) => (exposureOf.get(hash)! >= 2 ? 1 : 0)));
    expect(outcome.kind).toBe('trained');
    if (outcome.kind !== 'trained') return;
    expect(outcome.adopt, outcome.reason).toBe(true);
    expect(outcome.reason).toMatch(/^beats the built-in best-frame choice: pairwise accuracy within held-out bursts/);
    // A third of the bursts held out, whole.
    const heldOut = heldOutGroups(groups); // every group has pairs here
    expect(heldOut.size).toBe(Math.ceil(groups.length / 3));
    expect(outcome.metrics.goldenGroups).toBe(heldOut.size);
    expect(outcome.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(outcome.metrics.accuracy).toBeGreaterThan(outcome.metrics.baseline.accuracy);
    expect(outcome.metrics.lower).toBeGreaterThan(0);
    // On every held-out burst, the frame it puts first is one the user would keep.
    for (const group of groups.filter((group) => heldOut.has(group.key))) {
      const best = [...group.members].sort((a, b) => frameUtility(outcome.ranker, featuresOf.get(b)!) - frameUtility(outcome.ranker, featuresOf.get(a)!))[0]!;
      expect(exposureOf.get(best), group.key).toBeGreaterThanOrEqual(2);
    }
  });

  it('adopts nothing from a user whose choices within bursts are random', () => {
    const random = seededRandom(7);
    const outcome = runRanker(input(() => (random() < 0.5 ? 1 : 0)));
    expect(outcome.kind === 'trained' && outcome.adopt).toBe(false);
  });

  it('keeps the ranker in use when the new one is no better, and says how it compared', () => {
    const taste = input((hash) => (exposureOf.get(hash)! >= 2 ? 1 : 0));
    const first = runRanker(taste);
    if (first.kind !== 'trained') throw new Error(first.reason);
    // The same taste with one more burst decided: nothing to gain over the ranker in use.
    const again = runRanker({ ...taste, current: { version: 1, ranker: first.ranker }, knownFingerprints: [] });
    expect(again.kind).toBe('trained');
    if (again.kind !== 'trained') return;
    expect(again.adopt).toBe(false);
    expect(again.reason).toMatch(/^does not beat ranker r1 with confidence/);
    // And exactly the same pairs are not trained twice.
    expect(runRanker({ ...taste, knownFingerprints: [first.fingerprint] })).toEqual({ kind: 'skipped', reason: 'no new pairs since the last ranker' });
  });

  it('says what is missing when there are too few pairs within bursts', () => {
    const outcome = runRanker({ ...input((hash) => (exposureOf.get(hash)! >= 2 ? 1 : 0)), groups: groups.slice(0, 2) });
    expect(outcome).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/needs \d+ (keep-over-reject pairs within bursts|held-out pairs)/) });
  });
});
