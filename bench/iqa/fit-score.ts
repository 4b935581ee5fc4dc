/**
 * Fits the whole-photo quality model (src-main/engine/scoring/image-quality.ts) on one half of the
 * BIQ2021 sample and reports the Spearman correlation (SRCC) with the human opinion scores on the
 * other half. Ridge regression on standardised features, closed form.
 *
 *   node --import tsx bench/iqa/iqa-features.ts /tmp/iqa-features.jsonl
 *   node --import tsx bench/iqa/fit-score.ts /tmp/iqa-features.jsonl [--write]
 *
 * --write stores the weights in src-main/engine/scoring/image-quality-weights.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { QualityResult } from '../../src-preload/contract/rating-result.js';
import { embeddedDimensions } from '../../src-main/engine/scoring/embedded-dimensions.js';
import { IMAGE_QUALITY_FEATURES, imageQualityFeatures, predictImageQuality, type ImageQualityWeights } from '../../src-main/engine/scoring/image-quality.js';
import { technicalScore } from '../../src-main/engine/scoring/technical-score.js';
import { inFitHalf, spearman, type MosRow } from './iqa-split.js';

const RIDGE_LAMBDA = 5;

type Row = MosRow & { quality: QualityResult };
const [input, ...flags] = process.argv.slice(2);
if (!input) throw new Error('usage: fit-score.ts <features.jsonl> [--write]');
const rows: Row[] = readFileSync(input, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Row);
const fit = rows.filter((row) => inFitHalf(row.file));
const held = rows.filter((row) => !inFitHalf(row.file));

const matrix = (set: Row[]): number[][] => set.map((row) => IMAGE_QUALITY_FEATURES.map((name) => imageQualityFeatures(row.quality)[name]));
const X = matrix(fit);
const y = fit.map((row) => row.mos);
const k = IMAGE_QUALITY_FEATURES.length;
const mean = IMAGE_QUALITY_FEATURES.map((_, j) => X.reduce((sum, row) => sum + row[j]!, 0) / X.length);
const std = IMAGE_QUALITY_FEATURES.map((_, j) => Math.sqrt(X.reduce((sum, row) => sum + (row[j]! - mean[j]!) ** 2, 0) / X.length) || 1);
const Z = X.map((row) => row.map((value, j) => (value - mean[j]!) / std[j]!));
const yMean = y.reduce((a, b) => a + b, 0) / y.length;

// (ZᵀZ + λI) w = Zᵀ(y − ȳ), solved by Gaussian elimination with partial pivoting.
const A = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => Z.reduce((sum, row) => sum + row[i]! * row[j]!, 0) + (i === j ? RIDGE_LAMBDA : 0)));
const b = Array.from({ length: k }, (_, i) => Z.reduce((sum, row, n) => sum + row[i]! * (y[n]! - yMean), 0));
for (let col = 0; col < k; col++) {
  let pivot = col;
  for (let r = col + 1; r < k; r++) if (Math.abs(A[r]![col]!) > Math.abs(A[pivot]![col]!)) pivot = r;
  [A[col], A[pivot]] = [A[pivot]!, A[col]!];
  [b[col], b[pivot]] = [b[pivot]!, b[col]!];
  for (let r = col + 1; r < k; r++) {
    const factor = A[r]![col]! / A[col]![col]!;
    for (let c = col; c < k; c++) A[r]![c]! -= factor * A[col]![c]!;
    b[r]! -= factor * b[col]!;
  }
}
const w = new Array<number>(k).fill(0);
for (let r = k - 1; r >= 0; r--) {
  let sum = b[r]!;
  for (let c = r + 1; c < k; c++) sum -= A[r]![c]! * w[c]!;
  w[r] = sum / A[r]![r]!;
}
const round = (value: number): number => Math.round(value * 1e6) / 1e6;
const model: ImageQualityWeights = { features: [...IMAGE_QUALITY_FEATURES], mean: mean.map(round), std: std.map(round), coefficients: w.map(round), intercept: round(yMean) };

const score = (row: Row): number => {
  const dims = embeddedDimensions({ quality: row.quality, faces: null, face: null, background: null });
  return technicalScore(dims, row.quality.issues, predictImageQuality(row.quality, model)).score;
};
const srcc = (set: Row[], value: (row: Row) => number): number => Math.round(spearman(set.map(value), set.map((row) => row.mos)) * 1000) / 1000;
const report = {
  photos: { fit: fit.length, held_out: held.length },
  srcc_held_out: {
    score: srcc(held, score),
    image_quality: srcc(held, (row) => predictImageQuality(row.quality, model)),
    focus_alone: srcc(held, (row) => row.quality.focus?.focus ?? 0),
    sharpness_alone: srcc(held, (row) => row.quality.sharpness),
  },
  srcc_fit_half: { score: srcc(fit, score), image_quality: srcc(fit, (row) => predictImageQuality(row.quality, model)) },
  score_ties_held_out: held.length - new Set(held.map(score)).size,
};
console.log(JSON.stringify(report, null, 2));
console.log(IMAGE_QUALITY_FEATURES.map((name, j) => `${name.padEnd(22)} ${w[j]!.toFixed(4)}`).join('\n'));
if (flags.includes('--write')) {
  const file = path.resolve(import.meta.dirname, '..', '..', 'src-main', 'engine', 'scoring', 'image-quality-weights.json');
  const document = {
    about:
      'Whole-photo quality model (src-main/engine/scoring/image-quality.ts): ridge regression (lambda ' +
      `${RIDGE_LAMBDA}) on standardised features, fitted by bench/iqa/fit-score.ts on the half of ../shared/corpus/iqa (BIQ2021 test-split sample, research data, read in place) whose sha256(name) starts with an even byte; SRCC reported on the other half.`,
    fitted_on: report.photos,
    srcc_held_out: report.srcc_held_out,
    ...model,
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
