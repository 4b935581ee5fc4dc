import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { QualityResult } from '../../src-preload/contract/rating-result.js';

/** BIQ2021 sample with human opinion scores: research data, read in place, never copied. */
export const IQA_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'iqa');

export type MosRow = { file: string; mos: number; subset: string };

export function readMos(): MosRow[] {
  const lines = readFileSync(path.join(IQA_DIR, 'mos.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    // Names contain spaces and parentheses but no commas.
    const [file, mos, subset] = line.split(',');
    return { file: file!, mos: Number(mos), subset: subset! };
  });
}

/**
 * The deterministic split: a photo is in the fitting half when the first byte of sha256(name) is
 * even. Weights are fitted on that half only; the other half reports the figure.
 */
export function inFitHalf(file: string): boolean {
  return createHash('sha256').update(file).digest()[0]! % 2 === 0;
}

/** Ranks from 0, ties given their mean rank. */
export function meanRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((x, y) => x.value - y.value);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    for (let k = start; k <= end; k++) out[order[k]!.index] = (start + end) / 2;
    start = end + 1;
  }
  return out;
}

/** Spearman rank correlation, ties given their mean rank. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = meanRanks(a);
  const rb = meanRanks(b);
  const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let index = 0; index < ra.length; index++) {
    num += (ra[index]! - ma) * (rb[index]! - mb);
    da += (ra[index]! - ma) ** 2;
    db += (rb[index]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

/** One photo's line in the features file iqa-features.ts writes. */
export type FeatureRow = MosRow & { quality: QualityResult; appearance: number[] | null };

/** The rows of one or more features files (a later file's line for a photo replaces an earlier one's), by file name, and sorted by it. */
export function readFeatureRows(inputs: readonly string[]): { byFile: Map<string, FeatureRow>; rows: FeatureRow[] } {
  const byFile = new Map<string, FeatureRow>();
  for (const input of inputs) {
    for (const line of readFileSync(input, 'utf8').trim().split('\n')) {
      const row = JSON.parse(line) as FeatureRow;
      byFile.set(row.file, row);
    }
  }
  return { byFile, rows: [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : 1)) };
}
