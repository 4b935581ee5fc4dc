import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../../test-support/corpus.js';
import { CLIP_PREPROCESSOR, CLIP_SIZE, installClipImage, installClipText, solidImage, type StandInTokenizer } from './ai-pack-stand-ins.fixture.js';
import { loadClip } from './clip.js';
import type { DualEncoder } from './dual-encoder.js';
import { dot, l2Normalize } from './vectors.js';

const folder = temporaryFolder();
let clip: DualEncoder;
let projection: Float32Array;
let tokenizer: StandInTokenizer;
let table: Float32Array;

beforeAll(async () => {
  projection = installClipImage(folder.dir);
  ({ tokenizer, table } = installClipText(folder.dir));
  clip = await loadClip(folder.dir, { env: { CULLER_EXECUTION_PROVIDERS: 'cpu' } });
});
afterAll(async () => {
  await clip?.close();
  folder.remove();
});

const norm = (vector: Float32Array): number => Math.sqrt(dot(vector, vector));

/** What the stand-in tower gives for a solid colour after CLIP's preprocessing, done by hand. */
function expectedImageEmbedding(rgb: [number, number, number]): Float32Array {
  const means = rgb.map((value, channel) => (value / 255 - CLIP_PREPROCESSOR.image_mean[channel]!) / CLIP_PREPROCESSOR.image_std[channel]!);
  const out = new Float32Array(CLIP_SIZE);
  for (let column = 0; column < CLIP_SIZE; column++) {
    out[column] = means.reduce((sum, mean, channel) => sum + mean * projection[channel * CLIP_SIZE + column]!, 0);
  }
  return l2Normalize(out);
}

/** The stand-in text tower by hand: mean of the tokens' table rows. */
function expectedTextEmbedding(tokens: string[]): Float32Array {
  const out = new Float32Array(CLIP_SIZE);
  for (const token of tokens) {
    const id = tokenizer.vocab.get(token)!;
    for (let column = 0; column < CLIP_SIZE; column++) out[column]! += table[id * CLIP_SIZE + column]! / tokens.length;
  }
  return l2Normalize(out);
}

describe('CLIP image encoder', () => {
  it('gives one unit-length 512-d embedding per image, preprocessed as preprocessor_config.json says', async () => {
    const embeddings = await clip.embedImages([solidImage([200, 30, 40]), solidImage([10, 60, 220], 300, 120)]);
    expect(embeddings).toHaveLength(2);
    for (const embedding of embeddings) {
      expect(embedding).toBeInstanceOf(Float32Array);
      expect(embedding.length).toBe(CLIP_SIZE);
      expect(norm(embedding)).toBeCloseTo(1, 5);
    }
    // The stand-in is linear in the channel means, so this checks rescale + mean/std normalisation.
    expect(dot(embeddings[0]!, expectedImageEmbedding([200, 30, 40]))).toBeGreaterThan(0.9999);
    expect(dot(embeddings[1]!, expectedImageEmbedding([10, 60, 220]))).toBeGreaterThan(0.9999);
    expect(clip.image.provider).toBe('cpu');
  });

  it('gives identical embeddings for identical images, alone or in a batch, and different ones for different images', async () => {
    const red = solidImage([200, 30, 40]);
    const [alone] = await clip.embedImages([red]);
    const [first, second, blue] = await clip.embedImages([red, solidImage([200, 30, 40]), solidImage([10, 60, 220])]);
    expect(Array.from(first!)).toEqual(Array.from(second!));
    expect(Array.from(alone!)).toEqual(Array.from(first!));
    expect(dot(first!, blue!)).toBeLessThan(0.99);
  });

  it('enlarges a small image without the dark edges transformers.js would add', async () => {
    const [small, large] = await clip.embedImages([solidImage([200, 30, 40], 40, 30), solidImage([200, 30, 40], 640, 480)]);
    expect(dot(small!, large!)).toBeGreaterThan(0.99999);
  });

  it('embeds more images than one batch holds, in order', async () => {
    const images = Array.from({ length: 20 }, (_, index) => solidImage([index * 12, 100, 255 - index * 12], 32, 32));
    const embeddings = await clip.embedImages(images);
    expect(embeddings).toHaveLength(20);
    const [last] = await clip.embedImages([images[19]!]);
    expect(Array.from(embeddings[19]!)).toEqual(Array.from(last!));
    expect(await clip.embedImages([])).toEqual([]);
  });
});

describe('CLIP text encoder', () => {
  it('tokenizes with the component tokenizer and gives unit-length 512-d embeddings', async () => {
    const [photo] = await clip.embedTexts(['a photo of a Red square']);
    expect(photo!.length).toBe(CLIP_SIZE);
    expect(norm(photo!)).toBeCloseTo(1, 5);
    // <|startoftext|> a photo of a red square <|endoftext|>: lower-cased, whole-word BPE merges.
    const expected = expectedTextEmbedding(['<|startoftext|>', 'a</w>', 'photo</w>', 'of</w>', 'a</w>', 'red</w>', 'square</w>', '<|endoftext|>']);
    expect(dot(photo!, expected)).toBeGreaterThan(0.9999);
  });

  it('gives different embeddings for different texts and the same for the same text', async () => {
    const [red, blue, again] = await clip.embedTexts(['a red square', 'a blue square', 'a red square']);
    expect(dot(red!, blue!)).toBeLessThan(0.99);
    expect(Array.from(red!)).toEqual(Array.from(again!));
  });

  it('pads a batch with an attention mask, so a short text embeds the same next to a long one', async () => {
    const [alone] = await clip.embedTexts(['red']);
    const [padded] = await clip.embedTexts(['red', 'a picture of the dark blue square with a cat and a dog']);
    for (let index = 0; index < CLIP_SIZE; index++) expect(padded![index]).toBeCloseTo(alone![index]!, 6);
  });

  it('truncates texts longer than the 77-token context and keeps their end-of-text token', async () => {
    const long = Array.from({ length: 120 }, () => 'photo').join(' ');
    const [embedding] = await clip.embedTexts([long]);
    const expected = expectedTextEmbedding(['<|startoftext|>', ...Array.from({ length: 75 }, () => 'photo</w>'), '<|endoftext|>']);
    for (let index = 0; index < CLIP_SIZE; index++) expect(embedding![index]).toBeCloseTo(expected[index]!, 5);
  });

  it('reads no trained logit scale from a config that only has the initial value, and uses 100', () => {
    expect(clip.text.logits).toEqual({ scale: 100, bias: null, source: 'default' });
  });
});
