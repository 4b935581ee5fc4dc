import { createHash } from 'node:crypto';
import { chooseBest, frameFacts, type FrameSource } from '../grouping/best-frame.js';
import type { FeatureVector } from './features.js';
import { trainLogistic, type LogisticModel, type TrainingExample } from './logistic.js';
import { seededRandom } from '../seeded-random.js';
import type { Decision } from './signals.js';

/**
 * The pairwise ranker: which frame of a burst the user keeps. Inside one group (a burst), each of
 * the user's keeps against each of their rejects is a preference; a regularised logistic
 * regression on the two frames' feature differences learns it (both orders, so it has no bias:
 * P(a over b) = σ(u(a) − u(b)), with u a frame's utility). It is judged on the pairs of held-out
 * bursts only (a third of the bursts, whole, never trained on) by pairwise accuracy,
 * against the built-in best-frame choice (or the ranker in use), and adopted only when the
 * bootstrap over held-out groups puts the gain's 95 % lower bound above zero.
 *
 * Only the user's own decisions make pairs: an API client cannot move the ranker.
 */
export type PairwiseRanker = { kind: 'pairwise-v1'; model: LogisticModel };

export type RankerGroup = { key: string; members: string[] };
export type Pair = { group: string; winner: string; loser: string; weight: number };

export type RankerMetrics = {
  trainPairs: number;
  goldenPairs: number;
  goldenGroups: number;
  accuracy: number;
  baseline: { version: number | null; accuracy: number };
  delta: number;
  lower: number;
  upper: number;
  /** The features that weigh most, signed (positive: the user prefers more of it). */
  top: Array<{ feature: string; weight: number }>;
};

export type RankerOutcome =
  | { kind: 'skipped'; reason: string }
  | { kind: 'trained'; adopt: boolean; reason: string; ranker: PairwiseRanker; metrics: RankerMetrics; fingerprint: string };

export const MIN_TRAIN_PAIRS = 8;
export const MIN_GOLDEN_PAIRS = 6;
export const MIN_GOLDEN_GROUPS = 2;
const LAMBDA = 2;
const RESAMPLES = 400;

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/** Every keep against every reject within one group. */
export function pairsWithinGroups(groups: readonly RankerGroup[], decisions: ReadonlyMap<string, Decision>): Pair[] {
  const pairs: Pair[] = [];
  for (const group of groups) {
    const decided = [...new Set(group.members)].flatMap((hash) => {
      const decision = decisions.get(hash);
      return decision ? [decision] : [];
    });
    const keeps = decided.filter((decision) => decision.label === 1);
    const rejects = decided.filter((decision) => decision.label === 0);
    for (const keep of keeps) {
      for (const reject of rejects) pairs.push({ group: group.key, winner: keep.imageHash, loser: reject.imageHash, weight: Math.min(keep.weight, reject.weight) });
    }
  }
  return pairs;
}

/** A frame's utility under the ranker: the logistic model's linear part (the means cancel in a difference). */
export function frameUtility(ranker: PairwiseRanker, features: FeatureVector): number {
  const { model } = ranker;
  let sum = 0;
  model.features.forEach((name, j) => {
    const value = features[name];
    if (value !== undefined) sum += (model.coef[j]! * value) / model.scale[j]!;
  });
  return sum;
}

/** The feature that most makes `best` preferred to `next`, for the reason a group shows. */
export function decisiveFeature(ranker: PairwiseRanker, best: FeatureVector, next: FeatureVector): { feature: string; more: boolean } | null {
  const { model } = ranker;
  let top: { feature: string; more: boolean } | null = null;
  let topGain = 0;
  for (const [j, name] of model.features.entries()) {
    const a = best[name];
    const b = next[name];
    if (a === undefined || b === undefined) continue;
    const gain = (model.coef[j]! * (a - b)) / model.scale[j]!;
    if (gain > topGain) {
      topGain = gain;
      top = { feature: name, more: a > b };
    }
  }
  return top;
}

function difference(a: FeatureVector, b: FeatureVector): FeatureVector {
  const out: FeatureVector = {};
  for (const [name, value] of Object.entries(a)) {
    const other = b[name];
    if (other !== undefined) out[name] = value - other;
  }
  return out;
}

export function trainRanker(pairs: readonly Pair[], featuresOf: ReadonlyMap<string, FeatureVector>): PairwiseRanker {
  const examples: TrainingExample[] = [];
  for (const pair of pairs) {
    const diff = difference(featuresOf.get(pair.winner)!, featuresOf.get(pair.loser)!);
    const flipped = Object.fromEntries(Object.entries(diff).map(([name, value]) => [name, -value]));
    examples.push({ features: diff, label: 1, weight: pair.weight }, { features: flipped, label: 0, weight: pair.weight });
  }
  return { kind: 'pairwise-v1', model: trainLogistic(examples, { lambda: LAMBDA, minSupport: 2 }) };
}

/** 1 when `prefers` puts the winner first, ½ on a tie, 0 otherwise. */
export type Preference = (winner: string, loser: string) => number;

export function rankerPreference(ranker: PairwiseRanker, featuresOf: ReadonlyMap<string, FeatureVector>): Preference {
  return (winner, loser) => {
    const gap = frameUtility(ranker, featuresOf.get(winner)!) - frameUtility(ranker, featuresOf.get(loser)!);
    return gap > 1e-9 ? 1 : gap < -1e-9 ? 0 : 0.5;
  };
}

/** The built-in best-frame choice between two frames (their order in the burst unknown: both tried). */
export function builtinPreference(resultOf: ReadonlyMap<string, unknown>): Preference {
  return (winner, loser) => {
    try {
      const a = frameFacts(resultOf.get(winner) as FrameSource);
      const b = frameFacts(resultOf.get(loser) as FrameSource);
      const forward = chooseBest([a, b]).order[0] === 0;
      const backward = chooseBest([b, a]).order[0] === 1;
      return (Number(forward) + Number(backward)) / 2;
    } catch {
      return 0.5; // a result without the frame measures cannot choose
    }
  };
}

/** Pairwise accuracy of two preferences on the same pairs, and a bootstrap over their groups. */
export function comparePreferences(pairs: readonly Pair[], candidate: Preference, baseline: Preference, seed: number): { accuracy: number; baseline: number; delta: number; lower: number; upper: number } {
  const groups = [...new Set(pairs.map((pair) => pair.group))];
  const byGroup = groups.map((group) => {
    const members = pairs.filter((pair) => pair.group === group);
    return { n: members.length, a: members.reduce((sum, pair) => sum + candidate(pair.winner, pair.loser), 0), b: members.reduce((sum, pair) => sum + baseline(pair.winner, pair.loser), 0) };
  });
  const total = (picks: ArrayLike<number>) => {
    let n = 0;
    let a = 0;
    let b = 0;
    for (let i = 0; i < picks.length; i++) {
      const group = byGroup[picks[i]!]!;
      n += group.n;
      a += group.a;
      b += group.b;
    }
    return { a: a / n, b: b / n };
  };
  const whole = total(byGroup.map((_, i) => i));
  const random = seededRandom(seed);
  const deltas: number[] = [];
  const picks = new Int32Array(byGroup.length);
  for (let r = 0; r < RESAMPLES; r++) {
    for (let k = 0; k < picks.length; k++) picks[k] = Math.floor(random() * picks.length);
    const sample = total(picks);
    deltas.push(sample.a - sample.b);
  }
  deltas.sort((x, y) => x - y);
  const at = (q: number) => deltas[Math.min(deltas.length - 1, Math.floor(q * (deltas.length - 1)))]!;
  return { accuracy: whole.a, baseline: whole.b, delta: whole.a - whole.b, lower: at(0.05), upper: at(0.95) };
}

export type RankerInput = {
  groups: readonly RankerGroup[];
  /** The user's own decisions (first-party only). */
  decisions: ReadonlyMap<string, Decision>;
  featuresOf: ReadonlyMap<string, FeatureVector>;
  resultOf: ReadonlyMap<string, unknown>;
  current: { version: number; ranker: PairwiseRanker } | null;
  knownFingerprints: readonly string[];
};

/**
 * The held-out bursts: every third burst in an order fixed by its frames' bytes (the SHA-256 of
 * its first image hash), so the same bursts stay held out from run to run while the bursts stay
 * as they are, and a third of them (rounded up) always judge.
 */
export function heldOutGroups(groups: readonly RankerGroup[]): Set<string> {
  const keyed = groups.map((group) => ({ key: group.key, order: createHash('sha256').update([...group.members].sort()[0] ?? group.key).digest('hex') }));
  keyed.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  return new Set(keyed.filter((_, index) => index % 3 === 0).map((group) => group.key));
}

/** One ranker run, pure: pairs, the split by held-out bursts, training, the judgement. */
export function runRanker(input: RankerInput): RankerOutcome {
  const usable = new Map([...input.decisions].filter(([hash]) => input.featuresOf.has(hash)));
  const pairs = pairsWithinGroups(input.groups, usable);
  // A third of the bursts the user decided within (a burst without a pair can judge nothing). A
  // burst may move to the held-out side as others join: a ranker in use that learned from it then
  // has the advantage in the comparison, so the error is on the safe side.
  const heldOut = heldOutGroups(input.groups.filter((group) => pairs.some((pair) => pair.group === group.key)));
  const training = pairs.filter((pair) => !heldOut.has(pair.group));
  const golden = pairs.filter((pair) => heldOut.has(pair.group));
  const goldenGroups = new Set(golden.map((pair) => pair.group)).size;
  if (training.length < MIN_TRAIN_PAIRS) return { kind: 'skipped', reason: `needs ${MIN_TRAIN_PAIRS} keep-over-reject pairs within bursts to learn from; has ${training.length}` };
  if (golden.length < MIN_GOLDEN_PAIRS || goldenGroups < MIN_GOLDEN_GROUPS) {
    return { kind: 'skipped', reason: `needs ${MIN_GOLDEN_PAIRS} held-out pairs in ${MIN_GOLDEN_GROUPS} bursts to judge on; has ${golden.length} in ${goldenGroups}` };
  }
  const fingerprint = createHash('sha256')
    .update([...training, ...golden].map((pair) => `${pair.group}:${pair.winner}>${pair.loser}:${pair.weight.toFixed(3)}`).sort().join('\n'))
    .digest('hex');
  if (input.knownFingerprints.includes(fingerprint)) return { kind: 'skipped', reason: 'no new pairs since the last ranker' };

  const ranker = trainRanker(training, input.featuresOf);
  const baseline = input.current ? rankerPreference(input.current.ranker, input.featuresOf) : builtinPreference(input.resultOf);
  const seed = Number.parseInt(fingerprint.slice(0, 8), 16);
  const compared = comparePreferences(golden, rankerPreference(ranker, input.featuresOf), baseline, seed);
  const top = ranker.model.features
    .map((feature, j) => ({ feature, weight: round3(ranker.model.coef[j]!) }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, 3);
  const metrics: RankerMetrics = {
    trainPairs: training.length,
    goldenPairs: golden.length,
    goldenGroups,
    accuracy: round3(compared.accuracy),
    baseline: { version: input.current?.version ?? null, accuracy: round3(compared.baseline) },
    delta: round3(compared.delta),
    lower: round3(compared.lower),
    upper: round3(compared.upper),
    top,
  };
  const against = input.current ? `ranker r${input.current.version}` : 'the built-in best-frame choice';
  const adopt = compared.lower > 0;
  const gains = `pairwise accuracy within held-out bursts ${metrics.accuracy} vs ${against}'s ${metrics.baseline.accuracy} (${metrics.delta >= 0 ? '+' : '−'}${Math.abs(metrics.delta).toFixed(3)}, 95 % lower bound ${metrics.lower >= 0 ? '+' : '−'}${Math.abs(metrics.lower).toFixed(3)}) on ${golden.length} pairs in ${goldenGroups} bursts`;
  return { kind: 'trained', adopt, reason: adopt ? `beats ${against}: ${gains}` : `does not beat ${against} with confidence: ${gains}`, ranker, metrics, fingerprint };
}
