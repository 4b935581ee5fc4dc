import { colourDistance } from './colour-signature.js';
import { cosine, EMBEDDING_PREFERENCE, type FrameEmbeddings } from './content-embedding.js';

/**
 * How alike two photos are, as a distance 0 (the same) – 1 (unrelated), and whether they are near
 * enough to be one burst. Calibrated on ../shared/corpus/bursts (see grouping.test.ts and README):
 *
 *   distance = ½ · min(1, hamming(pHash)/32) + ½ · min(1, colour/0.25)     both signatures known
 *            = min(1, hamming(pHash)/32)                                   hash only (no colour)
 *
 * 32 differing bits is what two unrelated photos of a 64-bit hash share on average; a colour
 * difference of 0.25 is as far apart as unrelated scenes are in the corpus.
 *
 * Linked when distance ≤ threshold + TIME_BONUS · exp(−Δt / TIME_DECAY_S): frames seconds apart
 * may differ more (a new pose, a reframing) and still be one moment; frames without a capture time
 * get no bonus (pixels alone). In the corpus, frames of one burst without times are ≤ 0.27 apart
 * and different bursts ≥ 0.50; the four timed poses of group A are ≤ 0.39 apart, 2–40 s apart.
 */
export const LINK_DISTANCE = 0.4;
/** A hash alone separates less: bursts ≤ 14 bits (0.44), different bursts ≥ 22 bits (0.69). */
export const HASH_ONLY_LINK_DISTANCE = 0.5;
export const TIME_BONUS = 0.15;
export const TIME_DECAY_S = 30;
/** Frames further apart than this are never compared (and a gap this long starts a new scene). */
export const SCENE_GAP_S = 60;

const HASH_SCALE_BITS = 32;
const COLOUR_SCALE = 0.25;

/** A 64-bit hash as two 32-bit halves, so comparing is two XORs and popcounts. */
export type SplitHash = { high: number; low: number };

export function splitHash(hex: string): SplitHash | null {
  if (!/^[0-9a-f]{16}$/i.test(hex)) return null;
  return { high: Number.parseInt(hex.slice(0, 8), 16) >>> 0, low: Number.parseInt(hex.slice(8), 16) >>> 0 };
}

function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hashBits(first: SplitHash, second: SplitHash): number {
  return popcount32((first.high ^ second.high) >>> 0) + popcount32((first.low ^ second.low) >>> 0);
}

/**
 * A content embedding's part: min(1, (1 − cosine) / CONTENT_SCALE). The content classifier's pooled
 * features of frames of one burst in the corpus are ≥ 0.87 alike (cosine), different bursts ≤ 0.81;
 * CLIP's image embeddings of near-duplicates are above 0.9 and of different scenes well below.
 * With a content part the distance is the mean of the three parts.
 */
const CONTENT_SCALE = 0.3;

export type SimilarityFeatures = {
  hash: SplitHash | null;
  colour: Uint8Array | null;
  /** Content embeddings by model, decoded on first use (content-embedding.ts); null without any. */
  embeddings?: FrameEmbeddings | null;
};

/** The first model (by preference) both frames have an embedding of; null if none. */
function sharedModel(first: SimilarityFeatures, second: SimilarityFeatures): string | null {
  if (!first.embeddings || !second.embeddings) return null;
  return EMBEDDING_PREFERENCE.find((model) => first.embeddings!.has(model) && second.embeddings!.has(model)) ?? null;
}

/**
 * The combined distance, or null when the two share no signature to compare. With `ceiling` (the
 * caller's threshold), a pair that cannot be within it whatever the content embedding says is
 * answered without comparing the embeddings (its distance is then a lower bound, above `ceiling`).
 */
export function pairDistance(first: SimilarityFeatures, second: SimilarityFeatures, ceiling = Infinity): { distance: number; hashOnly: boolean } | null {
  const hashPart = first.hash && second.hash ? Math.min(1, hashBits(first.hash, second.hash) / HASH_SCALE_BITS) : null;
  const colourPart = first.colour && second.colour ? Math.min(1, colourDistance(first.colour, second.colour) / COLOUR_SCALE) : null;
  const model = sharedModel(first, second);
  if (model !== null) {
    const known = [hashPart, colourPart].filter((part): part is number => part !== null);
    const count = known.length + 1;
    const sum = known.reduce((total, part) => total + part, 0);
    if (sum / count > ceiling) return { distance: sum / count, hashOnly: false };
    const a = first.embeddings!.get(model);
    const b = second.embeddings!.get(model);
    if (a && b) return { distance: (sum + Math.min(1, Math.max(0, 1 - cosine(a, b)) / CONTENT_SCALE)) / count, hashOnly: false };
  }
  if (hashPart !== null && colourPart !== null) return { distance: (hashPart + colourPart) / 2, hashOnly: false };
  if (hashPart !== null) return { distance: hashPart, hashOnly: true };
  if (colourPart !== null) return { distance: colourPart, hashOnly: false };
  return null;
}

/** The largest distance that still links two frames `gapSeconds` apart (null: no capture times). */
export function linkThreshold(gapSeconds: number | null, hashOnly: boolean): number {
  const base = hashOnly ? HASH_ONLY_LINK_DISTANCE : LINK_DISTANCE;
  if (gapSeconds === null) return base;
  return base + TIME_BONUS * Math.exp(-Math.abs(gapSeconds) / TIME_DECAY_S);
}
