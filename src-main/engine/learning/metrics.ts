import { seededRandom } from '../seeded-random.js';

/**
 * How a model is judged on the golden set: keep/reject AUC (does it rank the user's keeps above
 * their rejects?) and agreement (does its verdict at 0.5 match theirs?). Comparisons use a paired
 * bootstrap over the golden decisions with a seeded generator, so a judgement can be replayed.
 */
export type Scored = { label: 0 | 1; score: number };

/** Mann–Whitney AUC with ties counted half; null without both classes. */
export function auc(items: readonly Scored[]): number | null {
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]!.label !== 1) continue;
      positives++;
      rankSum += averageRank;
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function agreement(items: readonly Scored[]): number | null {
  if (items.length === 0) return null;
  return items.filter((item) => (item.score >= 0.5 ? 1 : 0) === item.label).length / items.length;
}

export type Comparison = {
  /** Candidate minus baseline AUC on the whole golden set. */
  delta: number;
  /** The bootstrap's 5th and 95th percentiles of that difference. */
  lower: number;
  upper: number;
  resamples: number;
  /** The same for agreement (verdict at 0.5), over the same resamples. */
  agreement?: { delta: number; lower: number; upper: number };
};

/** Agreement of verdicts at 0.5 with each item counted `counts[i]` times. */
function countedAgreement(scores: readonly number[], labels: readonly (0 | 1)[], counts: Int32Array): number {
  let agree = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    total += counts[i]!;
    if ((scores[i]! >= 0.5 ? 1 : 0) === labels[i]) agree += counts[i]!;
  }
  return total === 0 ? 0 : agree / total;
}

/**
 * AUC over a presorted order (ascending score) with each item counted `counts[i]` times: one pass,
 * no sorting, so a bootstrap resample costs O(n). Ties count half.
 */
function countedAuc(order: Int32Array, scores: readonly number[], labels: readonly (0 | 1)[], counts: Int32Array): number | null {
  let negativesBelow = 0;
  let pairs = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    let groupPositives = 0;
    let groupNegatives = 0;
    const score = scores[order[i]!]!;
    while (j < order.length && scores[order[j]!] === score) {
      const index = order[j]!;
      if (labels[index] === 1) groupPositives += counts[index]!;
      else groupNegatives += counts[index]!;
      j++;
    }
    pairs += groupPositives * negativesBelow + 0.5 * groupPositives * groupNegatives;
    negativesBelow += groupNegatives;
    positives += groupPositives;
    i = j;
  }
  return positives === 0 || negativesBelow === 0 ? null : pairs / (positives * negativesBelow);
}

/**
 * Paired bootstrap of AUC(candidate) − AUC(baseline), and of the agreement difference, over the
 * same golden decisions. Resamples that lose one class are skipped (they cannot rank).
 */
export function compareAuc(labels: readonly (0 | 1)[], candidate: readonly number[], baseline: readonly number[], seed: number, resamples = 400): Comparison | null {
  const n = labels.length;
  const sortedBy = (scores: readonly number[]) => Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => scores[x]! - scores[y]!);
  const candidateOrder = sortedBy(candidate);
  const baselineOrder = sortedBy(baseline);
  const counts = new Int32Array(n).fill(1);
  const a = countedAuc(candidateOrder, candidate, labels, counts);
  const b = countedAuc(baselineOrder, baseline, labels, counts);
  if (a === null || b === null) return null;
  const agreementDelta = countedAgreement(candidate, labels, counts) - countedAgreement(baseline, labels, counts);
  const random = seededRandom(seed);
  const deltas: number[] = [];
  const agreementDeltas: number[] = [];
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[Math.floor(random() * n)]!++;
    const ca = countedAuc(candidateOrder, candidate, labels, counts);
    const cb = countedAuc(baselineOrder, baseline, labels, counts);
    if (ca === null || cb === null) continue;
    deltas.push(ca - cb);
    agreementDeltas.push(countedAgreement(candidate, labels, counts) - countedAgreement(baseline, labels, counts));
  }
  if (deltas.length < resamples / 2) return null;
  const at = (values: number[], q: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(q * (values.length - 1))))]!;
  deltas.sort((x, y) => x - y);
  agreementDeltas.sort((x, y) => x - y);
  return {
    delta: a - b,
    lower: at(deltas, 0.05),
    upper: at(deltas, 0.95),
    resamples: deltas.length,
    agreement: { delta: agreementDelta, lower: at(agreementDeltas, 0.05), upper: at(agreementDeltas, 0.95) },
  };
}
