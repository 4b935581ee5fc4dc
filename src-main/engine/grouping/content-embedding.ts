import type { ContentEmbedding } from '../../../src-preload/contract/rating-result.js';

/**
 * Content embeddings as grouping stores and compares them. A vector is kept as one byte per
 * dimension (base64): each value over the vector's largest magnitude, scaled to −127…127. The
 * cosine between two stored vectors differs from the float one by well under 0.01, far below what
 * separates a burst from a different scene, at a quarter of the size of float32.
 */
export const EMBEDDED_CONTENT_MODEL = 'nsfwjs-mobilenet-v2/flatten_1';
export const CLIP_IMAGE_MODEL = 'clip-vit-b16-image';

/** Preferred first: the AI pack's CLIP knows content better than the content classifier's features. */
export const EMBEDDING_PREFERENCE = [CLIP_IMAGE_MODEL, EMBEDDED_CONTENT_MODEL] as const;

export function encodeEmbedding(model: string, vector: ArrayLike<number>): ContentEmbedding | null {
  let largest = 0;
  for (let index = 0; index < vector.length; index++) largest = Math.max(largest, Math.abs(vector[index]!));
  if (!(largest > 0) || !Number.isFinite(largest)) return null;
  const bytes = new Int8Array(vector.length);
  for (let index = 0; index < vector.length; index++) bytes[index] = Math.round((vector[index]! / largest) * 127);
  return { model, vector: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
}

/** A stored vector, scaled to unit length (so that a dot product is the cosine); null if unreadable. */
export function decodeEmbedding(vector: string): Float32Array | null {
  const bytes = Buffer.from(vector, 'base64');
  if (bytes.length === 0) return null;
  const values = new Float32Array(bytes.length);
  let norm = 0;
  for (let index = 0; index < bytes.length; index++) {
    const value = (bytes[index]! << 24) >> 24;
    values[index] = value;
    norm += value * value;
  }
  if (norm === 0) return null;
  const scale = 1 / Math.sqrt(norm);
  for (let index = 0; index < values.length; index++) values[index]! *= scale;
  return values;
}

/** Cosine of two unit vectors of the same model (0 when their lengths differ). */
export function cosine(first: Float32Array, second: Float32Array): number {
  if (first.length !== second.length) return 0;
  let sum = 0;
  for (let index = 0; index < first.length; index++) sum += first[index]! * second[index]!;
  return sum;
}

/**
 * A frame's embeddings, decoded on first use: most pairs a grouping compares are settled by the
 * hash and colour alone, and decoding 10,000 vectors up front cost more than all the comparisons.
 */
export class FrameEmbeddings {
  private readonly decoded = new Map<string, Float32Array | null>();

  private constructor(private readonly stored: ReadonlyMap<string, string>) {}

  static of(embeddings: ReadonlyArray<ContentEmbedding> | null | undefined): FrameEmbeddings | null {
    if (!embeddings || embeddings.length === 0) return null;
    const stored = new Map<string, string>();
    for (const embedding of embeddings) if (typeof embedding?.model === 'string' && typeof embedding.vector === 'string') stored.set(embedding.model, embedding.vector);
    return stored.size ? new FrameEmbeddings(stored) : null;
  }

  has(model: string): boolean {
    return this.stored.has(model);
  }

  get(model: string): Float32Array | null {
    let vector = this.decoded.get(model);
    if (vector === undefined) {
      const stored = this.stored.get(model);
      vector = stored === undefined ? null : decodeEmbedding(stored);
      this.decoded.set(model, vector);
    }
    return vector;
  }
}

/** Each model's unit vector, from a result's `similarity.embeddings` or the catalog's copy. */
export function decodeEmbeddings(embeddings: ReadonlyArray<ContentEmbedding> | null | undefined): Map<string, Float32Array> | null {
  if (!embeddings || embeddings.length === 0) return null;
  const decoded = new Map<string, Float32Array>();
  for (const embedding of embeddings) {
    const vector = typeof embedding?.vector === 'string' ? decodeEmbedding(embedding.vector) : null;
    if (vector) decoded.set(embedding.model, vector);
  }
  return decoded.size ? decoded : null;
}
