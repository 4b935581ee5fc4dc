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

/** mulberry32: small, fast and the same everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Comparison = {
  /** Candidate minus baseline on the whole golden set. */
  delta: number;
  /** The bootstrap's 5th and 95th percentiles of that difference. */
  lower: number;
  upper: number;
  resamples: number;
};

/**
 * Paired bootstrap of AUC(candidate) − AUC(baseline) over the same golden decisions. Resamples
 * that lose one class are skipped (they cannot rank).
 */
export function compareAuc(labels: readonly (0 | 1)[], candidate: readonly number[], baseline: readonly number[], seed: number, resamples = 400): Comparison | null {
  const whole = (scores: readonly number[], pick: readonly number[]) => auc(pick.map((i) => ({ label: labels[i]!, score: scores[i]! })));
  const all = labels.map((_, i) => i);
  const a = whole(candidate, all);
  const b = whole(baseline, all);
  if (a === null || b === null) return null;
  const random = seededRandom(seed);
  const deltas: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const pick = all.map(() => Math.floor(random() * all.length));
    const ca = whole(candidate, pick);
    const cb = whole(baseline, pick);
    if (ca !== null && cb !== null) deltas.push(ca - cb);
  }
  if (deltas.length < resamples / 2) return null;
  deltas.sort((x, y) => x - y);
  const at = (q: number) => deltas[Math.min(deltas.length - 1, Math.max(0, Math.floor(q * (deltas.length - 1))))]!;
  return { delta: a - b, lower: at(0.05), upper: at(0.95), resamples: deltas.length };
}
