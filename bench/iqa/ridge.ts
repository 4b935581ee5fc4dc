/**
 * The linear algebra and resampling of bench/iqa/fit-score.ts: ridge regression on standardised
 * features (primal or dual), its cross-validation over folds of the fitting half, the rank targets,
 * the calibration line and a seeded random sequence.
 */
import { applyLinear, type LinearModel } from '../../src-main/engine/scoring/image-quality.js';
import { meanRanks, spearman } from './iqa-split.js';

export const FOLDS = 5;

function solve(matrix: number[][], vector: number[]): number[] {
  const A = matrix.map((row) => [...row]);
  const b = [...vector];
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r]![col]!) > Math.abs(A[pivot]![col]!)) pivot = r;
    [A[col], A[pivot]] = [A[pivot]!, A[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    for (let r = col + 1; r < n; r++) {
      const factor = A[r]![col]! / A[col]![col]!;
      for (let c = col; c < n; c++) A[r]![c]! -= factor * A[col]![c]!;
      b[r]! -= factor * b[col]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = b[r]!;
    for (let c = r + 1; c < n; c++) sum -= A[r]![c]! * x[c]!;
    x[r] = sum / A[r]![r]!;
  }
  return x;
}

/** Ridge on standardised features; the primal system when features are few, the dual one when many. */
export function ridge(X: number[][], y: number[], lambda: number, dual: boolean): LinearModel {
  const k = X[0]!.length;
  const mean = Array.from({ length: k }, (_, j) => X.reduce((sum, row) => sum + row[j]!, 0) / X.length);
  const std = Array.from({ length: k }, (_, j) => Math.sqrt(X.reduce((sum, row) => sum + (row[j]! - mean[j]!) ** 2, 0) / X.length) || 1);
  const Z = X.map((row) => row.map((value, j) => (value - mean[j]!) / std[j]!));
  const yMean = y.reduce((a, b) => a + b, 0) / y.length;
  const centred = y.map((value) => value - yMean);
  let coefficients: number[];
  if (dual) {
    const gram = Z.map((a, i) => Z.map((b, j) => a.reduce((sum, value, q) => sum + value * b[q]!, 0) / k + (i === j ? lambda : 0)));
    const alpha = solve(gram, centred);
    coefficients = Array.from({ length: k }, (_, q) => Z.reduce((sum, row, i) => sum + alpha[i]! * row[q]!, 0) / k);
  } else {
    const A = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => Z.reduce((sum, row) => sum + row[i]! * row[j]!, 0) + (i === j ? lambda : 0)));
    coefficients = solve(A, Array.from({ length: k }, (_, i) => Z.reduce((sum, row, n) => sum + row[i]! * centred[n]!, 0)));
  }
  return { mean, std, coefficients, intercept: yMean };
}

/** Out-of-fold predictions over the fitting half for each λ, and the λ whose SRCC is best. */
export function crossValidate(X: number[][], y: number[], lambdas: number[], dual: boolean, folds: readonly number[] = X.map((_, i) => i % FOLDS)): { lambda: number; srcc: number; predictions: number[] } {
  let best = { lambda: lambdas[0]!, srcc: -Infinity, predictions: [] as number[] };
  for (const lambda of lambdas) {
    const predictions = new Array<number>(y.length).fill(0);
    for (let fold = 0; fold < FOLDS; fold++) {
      const train = X.map((_, i) => i).filter((i) => folds[i] !== fold);
      const model = ridge(
        train.map((i) => X[i]!),
        train.map((i) => y[i]!),
        lambda,
        dual,
      );
      X.forEach((row, i) => {
        if (folds[i] === fold) predictions[i] = applyLinear(model, row);
      });
    }
    const srcc = spearman(predictions, y);
    if (srcc > best.srcc) best = { lambda, srcc, predictions };
  }
  return best;
}

/** Percentile ranks in (0, 1), ties given their mean rank: the targets both models are fitted to. */
export function percentileRanks(values: readonly number[]): number[] {
  return meanRanks(values).map((rank) => (rank + 0.5) / values.length);
}

/** Least-squares line opinion ≈ intercept + slope · prediction. */
export function line(predictions: readonly number[], opinions: readonly number[]): { slope: number; intercept: number } {
  const mp = predictions.reduce((a, b) => a + b, 0) / predictions.length;
  const mo = opinions.reduce((a, b) => a + b, 0) / opinions.length;
  let covariance = 0;
  let variance = 0;
  predictions.forEach((value, i) => {
    covariance += (value - mp) * (opinions[i]! - mo);
    variance += (value - mp) ** 2;
  });
  const slope = covariance / variance;
  return { slope, intercept: mo - slope * mp };
}

/** The model scaled onto the opinion scale: intercept + slope · model. */
export function calibrated(model: LinearModel, calibration: { slope: number; intercept: number }): LinearModel {
  return { ...model, coefficients: model.coefficients.map((value) => value * calibration.slope), intercept: calibration.intercept + calibration.slope * model.intercept };
}
