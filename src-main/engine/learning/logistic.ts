import type { FeatureVector } from './features.js';

/**
 * A small regularised logistic regression, pure TypeScript and deterministic: the same decisions
 * give the same weights on every machine. Features are standardised on the training set (a
 * missing feature counts as the training mean); fitted by Newton's method (iteratively reweighted
 * least squares) with an L2 penalty, which converges in a handful of steps for the ~60 features.
 */
export type LogisticModel = {
  kind: 'logistic-v1';
  features: string[];
  mean: number[];
  scale: number[];
  coef: number[];
  bias: number;
  lambda: number;
};

export type TrainingExample = { features: FeatureVector; label: 0 | 1; weight: number };

export type TrainOptions = {
  /** L2 penalty on the standardised coefficients (not the bias). */
  lambda?: number;
  iterations?: number;
  /** Tag and embedding features seen in fewer examples than this are left out. */
  minSupport?: number;
  maxFeatures?: number;
};

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Which features to use: those present often enough, most frequent first, then by name (stable). */
function chooseFeatures(examples: TrainingExample[], minSupport: number, maxFeatures: number): string[] {
  const support = new Map<string, number>();
  for (const example of examples) for (const name of Object.keys(example.features)) support.set(name, (support.get(name) ?? 0) + 1);
  return [...support.entries()]
    .filter(([, count]) => count >= minSupport)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxFeatures)
    .map(([name]) => name)
    .sort();
}

export function trainLogistic(examples: TrainingExample[], options: TrainOptions = {}): LogisticModel {
  const lambda = options.lambda ?? 1;
  const minSupport = options.minSupport ?? Math.max(2, Math.ceil(examples.length * 0.02));
  let names = chooseFeatures(examples, minSupport, options.maxFeatures ?? 96);

  // Standardise: weighted mean and standard deviation, the mean standing in for a missing value.
  const totalWeight = examples.reduce((sum, example) => sum + example.weight, 0) || 1;
  const mean = names.map((name) => examples.reduce((sum, example) => sum + example.weight * (example.features[name] ?? 0), 0) / totalWeight);
  const present = names.map((name, j) => examples.map((example) => example.features[name] ?? mean[j]!));
  const scale = names.map((_, j) => {
    const variance = examples.reduce((sum, example, i) => sum + example.weight * (present[j]![i]! - mean[j]!) ** 2, 0) / totalWeight;
    return Math.sqrt(variance);
  });
  // A constant feature says nothing: drop it.
  const keep = names.map((_, j) => scale[j]! > 1e-9);
  names = names.filter((_, j) => keep[j]);
  const means = mean.filter((_, j) => keep[j]);
  const scales = scale.filter((_, j) => keep[j]);
  const columns = present.filter((_, j) => keep[j]).map((column, j) => Float64Array.from(column, (value) => (value - means[j]!) / scales[j]!));

  const d = names.length + 1; // + bias, the last entry
  const n = examples.length;
  const beta = new Float64Array(d);
  const x = (i: number, j: number): number => (j === d - 1 ? 1 : columns[j]![i]!);
  for (let iteration = 0; iteration < (options.iterations ?? 25); iteration++) {
    const gradient = new Float64Array(d);
    const hessian = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      let z = beta[d - 1]!;
      for (let j = 0; j < d - 1; j++) z += beta[j]! * columns[j]![i]!;
      const p = sigmoid(z);
      const w = examples[i]!.weight;
      const residual = w * (p - examples[i]!.label);
      const curvature = w * Math.max(p * (1 - p), 1e-6);
      for (let j = 0; j < d; j++) {
        const xj = x(i, j);
        if (xj === 0) continue;
        gradient[j]! += residual * xj;
        const row = j * d;
        for (let k = 0; k <= j; k++) hessian[row + k]! += curvature * xj * x(i, k);
      }
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hessian[k * d + j] = hessian[j * d + k]!;
    for (let j = 0; j < d - 1; j++) {
      gradient[j]! += lambda * beta[j]!;
      hessian[j * d + j]! += lambda;
    }
    hessian[(d - 1) * d + (d - 1)]! += 1e-6;
    const step = solveSymmetric(hessian, gradient, d);
    let largest = 0;
    for (let j = 0; j < d; j++) {
      beta[j]! -= step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    if (largest < 1e-7) break;
  }
  return {
    kind: 'logistic-v1',
    features: names,
    mean: means.map(round6),
    scale: scales.map(round6),
    coef: Array.from(beta.subarray(0, d - 1), round6),
    bias: round6(beta[d - 1]!),
    lambda,
  };
}

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

/** Solves H·s = g for a symmetric positive definite H (Cholesky). */
function solveSymmetric(h: Float64Array, g: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i * d + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) l[i * d + i] = Math.sqrt(Math.max(sum, 1e-12));
      else l[i * d + j] = sum / l[j * d + j]!;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = g[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * d + k]! * y[k]!;
    y[i] = sum / l[i * d + i]!;
  }
  const s = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i]! * s[k]!;
    s[i] = sum / l[i * d + i]!;
  }
  return s;
}

/** Each feature's pull on the logit for this photo (standardised value × coefficient). */
export function contributions(model: LogisticModel, features: FeatureVector): Array<{ feature: string; contribution: number }> {
  return model.features.map((name, j) => ({
    feature: name,
    contribution: model.coef[j]! * (((features[name] ?? model.mean[j]!) - model.mean[j]!) / model.scale[j]!),
  }));
}

export function predict(model: LogisticModel, features: FeatureVector): number {
  let z = model.bias;
  for (let j = 0; j < model.features.length; j++) {
    const value = features[model.features[j]!] ?? model.mean[j]!;
    z += model.coef[j]! * ((value - model.mean[j]!) / model.scale[j]!);
  }
  return sigmoid(z);
}
