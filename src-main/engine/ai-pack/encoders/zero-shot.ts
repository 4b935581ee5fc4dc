import type { RawImage } from '../../image/raw-image.js';
import type { DualEncoder, TextEmbedder } from './dual-encoder.js';
import { dot, l2Normalize, sigmoid, softmax } from './vectors.js';

/**
 * Zero-shot scoring of an image embedding against text prompts: the building block of the
 * CLIP-IQA-style dimension scores (one positive/negative prompt pair per dimension, e.g. "a sharp
 * photo" / "a blurry photo") and of the caller-defined rating scales (one label per level).
 *
 * Logits are `scale · cos(image, text)`. Comparisons between prompts use a softmax over them, as
 * CLIP was trained; for SigLIP the bias cancels in a softmax, so the same numbers are right for both
 * families. SigLIP was trained to judge each prompt on its own with `sigmoid(scale · cos + bias)`;
 * that probability is given as well (`independent`) when the export provides scale and bias.
 */

export type PromptPair = { positive: string; negative: string };

export type PromptPairScore = {
  /** Probability that the positive prompt fits rather than the negative one; positive + negative = 1. */
  positive: number;
  negative: number;
  /** Cosine similarity of the image with each prompt. */
  similarity: { positive: number; negative: number };
  /** SigLIP with known scale and bias: each prompt's own match probability; otherwise null. */
  independent: { positive: number; negative: number } | null;
};

export type LabelScore = {
  label: string;
  /** Softmax over all labels: sums to 1 over the list. */
  probability: number;
  similarity: number;
  /** SigLIP with known scale and bias: this label's own match probability; otherwise null. */
  independent: number | null;
};

function independentProbability(encoder: TextEmbedder, similarity: number): number | null {
  const { scale, bias } = encoder.logits;
  return encoder.family === 'siglip' && bias !== null ? sigmoid(scale * similarity + bias) : null;
}

/** Cosine similarity of the image with each text (one batched, cached encoder call). */
async function similarities(imageEmbedding: Float32Array, texts: readonly string[], encoder: TextEmbedder): Promise<number[]> {
  const image = l2Normalize(imageEmbedding);
  const embeddings = await encoder.embedTexts(texts);
  if (embeddings[0] && embeddings[0].length !== image.length) {
    throw new Error(`the image embedding has ${image.length} values but ${encoder.componentId} gives ${embeddings[0].length}: use the same model family for both`);
  }
  return embeddings.map((embedding) => dot(image, embedding));
}

/** For each pair, in order, how strongly the image prefers the positive prompt over the negative one. */
export async function scorePromptPairs(imageEmbedding: Float32Array, pairs: readonly PromptPair[], encoder: TextEmbedder): Promise<PromptPairScore[]> {
  const cosines = await similarities(imageEmbedding, pairs.flatMap((pair) => [pair.positive, pair.negative]), encoder);
  const { scale } = encoder.logits;
  return pairs.map((_, index) => {
    const positive = cosines[2 * index]!;
    const negative = cosines[2 * index + 1]!;
    const [probability] = softmax([scale * positive, scale * negative]) as [number, number];
    const independentPositive = independentProbability(encoder, positive);
    const independentNegative = independentProbability(encoder, negative);
    return {
      positive: probability,
      negative: 1 - probability,
      similarity: { positive, negative },
      independent: independentPositive === null || independentNegative === null ? null : { positive: independentPositive, negative: independentNegative },
    };
  });
}

/** A probability for each label (in the order given, not sorted), softmax over scaled similarities. */
export async function rankLabels(imageEmbedding: Float32Array, labels: readonly string[], encoder: TextEmbedder): Promise<LabelScore[]> {
  if (labels.length === 0) return [];
  const cosines = await similarities(imageEmbedding, labels, encoder);
  const probabilities = softmax(cosines.map((cosine) => encoder.logits.scale * cosine));
  return labels.map((label, index) => ({
    label,
    probability: probabilities[index]!,
    similarity: cosines[index]!,
    independent: independentProbability(encoder, cosines[index]!),
  }));
}

/**
 * A pair of towers as the custom-scale rater's LabelRanker (scales/custom-scale.ts, matched by
 * shape): embed the image once, then one probability per label, in the labels' order.
 */
export function labelRanker(encoder: Pick<DualEncoder, 'image' | 'text'>): { rankLabels(image: RawImage, labels: string[]): Promise<number[]> } {
  return {
    async rankLabels(image, labels) {
      const [embedding] = await encoder.image.embedImages([image]);
      return (await rankLabels(embedding!, labels, encoder.text)).map((entry) => entry.probability);
    },
  };
}
