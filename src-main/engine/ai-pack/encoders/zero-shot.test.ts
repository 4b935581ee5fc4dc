import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { LabelRanker } from '../../scales/custom-scale.js';
import { temporaryFolder } from '../../../../test-support/corpus.js';
import { CLIP_PREPROCESSOR, CLIP_SIZE, installClipImage, installClipText, installSiglip, randomMatrix, solidImage } from './ai-pack-stand-ins.fixture.js';
import { loadClipImageEncoder, loadClipTextEncoder } from './clip.js';
import type { ImageEmbedder, TextEmbedder } from './dual-encoder.js';
import { loadSiglip } from './siglip.js';
import { dot, sigmoid } from './vectors.js';
import { labelRanker, rankLabels, scorePromptPairs } from './zero-shot.js';

const folder = temporaryFolder();
const cpu = { env: { CULLER_EXECUTION_PROVIDERS: 'cpu' } };
const RED: [number, number, number] = [255, 0, 0];
const BLUE: [number, number, number] = [0, 0, 255];
const GREEN: [number, number, number] = [0, 255, 0];
const PAIR = { positive: 'a photo of a red square', negative: 'a photo of a blue square' };

let text: TextEmbedder;
let image: ImageEmbedder;

/** The channel means CLIP's preprocessing makes of a solid colour. */
function channelMeans(rgb: [number, number, number]): number[] {
  return rgb.map((value, channel) => (value / 255 - CLIP_PREPROCESSOR.image_mean[channel]!) / CLIP_PREPROCESSOR.image_std[channel]!);
}

function inverse3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m as [[number, number, number], [number, number, number], [number, number, number]];
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}

/**
 * An image tower built so that a red image lands exactly on the positive prompt's text embedding
 * and a blue one on the negative's: projection = M⁻¹ · [t_pos; t_neg; random], M = the colours' means.
 */
beforeAll(async () => {
  installClipText(folder.dir);
  text = await loadClipTextEncoder(folder.dir, cpu);
  const [positive, negative] = await text.embedTexts([PAIR.positive, PAIR.negative]);
  const targets = [positive!, negative!, randomMatrix(1, CLIP_SIZE, 99)];
  const inverse = inverse3([channelMeans(RED), channelMeans(BLUE), channelMeans(GREEN)]);
  const projection = new Float32Array(3 * CLIP_SIZE);
  for (let row = 0; row < 3; row++) {
    for (let column = 0; column < CLIP_SIZE; column++) {
      projection[row * CLIP_SIZE + column] = inverse[row]!.reduce((sum, weight, k) => sum + weight * targets[k]![column]!, 0);
    }
  }
  installClipImage(folder.dir, { projection });
  image = await loadClipImageEncoder(folder.dir, cpu);
});
afterAll(async () => {
  await Promise.all([text?.close(), image?.close()]);
  folder.remove();
});

describe('scorePromptPairs', () => {
  it('gives the positive prompt a high probability when the image matches it, and a low one when it matches the negative', async () => {
    const [red, blue] = await image.embedImages([solidImage(RED), solidImage(BLUE)]);
    const [forRed] = await scorePromptPairs(red!, [PAIR], text);
    const [forBlue] = await scorePromptPairs(blue!, [PAIR], text);
    expect(forRed!.similarity.positive).toBeGreaterThan(0.999);
    expect(forRed!.positive).toBeGreaterThan(0.99);
    expect(forBlue!.positive).toBeLessThan(0.01);
    expect(forRed!.independent).toBeNull();
  });

  it('gives probabilities that sum to 1 per pair, for many pairs at once, in order', async () => {
    const [green] = await image.embedImages([solidImage(GREEN)]);
    const pairs = [PAIR, { positive: 'a sharp photo', negative: 'a blurry photo' }, { positive: 'a bright photo', negative: 'a dark photo' }];
    const scores = await scorePromptPairs(green!, pairs, text);
    expect(scores).toHaveLength(3);
    for (const score of scores) {
      expect(score.positive + score.negative).toBeCloseTo(1, 12);
      expect(score.positive).toBeGreaterThanOrEqual(0);
      expect(score.positive).toBeLessThanOrEqual(1);
      // Softmax of scale × cosine, scale 100 (CLIP's).
      const expected = 1 / (1 + Math.exp(-100 * (score.similarity.positive - score.similarity.negative)));
      expect(score.positive).toBeCloseTo(expected, 9);
    }
    const [swapped] = await scorePromptPairs(green!, [{ positive: pairs[1]!.negative, negative: pairs[1]!.positive }], text);
    expect(swapped!.positive).toBeCloseTo(scores[1]!.negative, 9);
  });
});

describe('rankLabels', () => {
  it('gives probabilities over the labels that sum to 1, highest for the matching label, in the order given', async () => {
    const [red] = await image.embedImages([solidImage(RED)]);
    const labels = ['a photo of a cat', PAIR.positive, PAIR.negative];
    const ranked = await rankLabels(red!, labels, text);
    expect(ranked.map((entry) => entry.label)).toEqual(labels);
    expect(ranked.reduce((sum, entry) => sum + entry.probability, 0)).toBeCloseTo(1, 9);
    expect(ranked[1]!.probability).toBeGreaterThan(0.99);
    expect(await rankLabels(red!, [], text)).toEqual([]);
  });

  it("serves the custom-scale rater as its LabelRanker: an image and level descriptions in, probabilities out", async () => {
    const ranker = labelRanker({ image, text });
    expectTypeOf(ranker).toExtend<LabelRanker>();
    const probabilities = await ranker.rankLabels(solidImage(BLUE), [PAIR.positive, PAIR.negative, 'a photo of a dog']);
    expect(probabilities).toHaveLength(3);
    expect(probabilities[1]).toBeGreaterThan(0.99);
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 9);
  });

  it('refuses an image embedding from another model family', async () => {
    const [red] = await image.embedImages([solidImage(RED)]);
    const home = temporaryFolder();
    installSiglip(home.dir);
    const siglip = await loadSiglip(home.dir, cpu);
    try {
      await expect(rankLabels(red!, ['a cat'], siglip.text)).rejects.toThrow(/512 values but siglip-base-text gives 768/);
    } finally {
      await siglip.close();
      home.remove();
    }
  });
});

describe('SigLIP with logit scale and bias in config.json', () => {
  it("adds each prompt's own sigmoid probability, sigmoid(scale · cos + bias)", async () => {
    const home = temporaryFolder();
    installSiglip(home.dir, { config: { logit_scale: Math.log(120), logit_bias: -10 } });
    const siglip = await loadSiglip(home.dir, cpu);
    try {
      const [embedding] = await siglip.embedImages([solidImage([180, 40, 90])]);
      const [score] = await scorePromptPairs(embedding!, [PAIR], siglip.text);
      const [positive, negative] = await siglip.embedTexts([PAIR.positive, PAIR.negative]);
      expect(score!.similarity.positive).toBeCloseTo(dot(embedding!, positive!), 6);
      expect(score!.similarity.negative).toBeCloseTo(dot(embedding!, negative!), 6);
      expect(score!.independent!.positive).toBeCloseTo(sigmoid(120 * score!.similarity.positive - 10), 9);
      expect(score!.independent!.negative).toBeCloseTo(sigmoid(120 * score!.similarity.negative - 10), 9);
      // The pair probability is the bias-free softmax, as for CLIP.
      expect(score!.positive).toBeCloseTo(1 / (1 + Math.exp(-120 * (score!.similarity.positive - score!.similarity.negative))), 9);
      const [label] = await rankLabels(embedding!, [PAIR.positive], siglip.text);
      expect(label!.probability).toBe(1);
      expect(label!.independent).toBeCloseTo(score!.independent!.positive, 9);
    } finally {
      await siglip.close();
      home.remove();
    }
  });
});
