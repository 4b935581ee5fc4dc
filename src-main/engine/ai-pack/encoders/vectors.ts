/** Small vector helpers for embeddings: float32 storage, float64 arithmetic. */

/** `vector / |vector|`; throws on a zero or non-finite norm (a broken model, not a photo's fault). */
export function l2Normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  if (!Number.isFinite(norm) || norm === 0) throw new Error(`cannot L2-normalise an embedding with norm ${norm}`);
  const out = new Float32Array(vector.length);
  for (let index = 0; index < vector.length; index++) out[index] = vector[index]! / norm;
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`embeddings of different sizes: ${a.length} and ${b.length}`);
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

/** Numerically stable softmax. */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - max));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

export function sigmoid(logit: number): number {
  return logit >= 0 ? 1 / (1 + Math.exp(-logit)) : Math.exp(logit) / (1 + Math.exp(logit));
}

/** Splits a [rows, columns] row-major tensor into one array per row (copies). */
export function splitRows(data: Float32Array, dims: readonly number[]): Float32Array[] {
  if (dims.length !== 2) throw new Error(`expected a [batch, size] output, got [${dims.join(', ')}]`);
  const [rows, columns] = dims as [number, number];
  return Array.from({ length: rows }, (_, row) => data.slice(row * columns, (row + 1) * columns));
}
