import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../../test-support/corpus.js';
import { installSiglip, SIGLIP_SIZE, solidImage, type StandInTokenizer } from './ai-pack-stand-ins.fixture.js';
import { maxTextLength, type DualEncoder } from './dual-encoder.js';
import { loadSiglip, SIGLIP_FAMILY } from './siglip.js';
import { dot, l2Normalize } from './vectors.js';

const folder = temporaryFolder();
let siglip: DualEncoder;
let tokenizer: StandInTokenizer;
let table: Float32Array;
let projection: Float32Array;

beforeAll(async () => {
  ({ tokenizer, table, projection } = installSiglip(folder.dir, {
    config: { model_type: 'siglip_text_model', logit_scale: Math.log(110), logit_bias: -12.5 },
  }));
  siglip = await loadSiglip(folder.dir, { env: { CULLER_EXECUTION_PROVIDERS: 'cpu' } });
});
afterAll(async () => {
  await siglip?.close();
  folder.remove();
});

/** The stand-in text tower by hand: mean over all 64 positions, padding (</s>) included. */
function expectedTextEmbedding(pieces: string[]): Float32Array {
  const ids = [...pieces.map((piece) => tokenizer.vocab.get(piece)!), 1];
  while (ids.length < 64) ids.push(1);
  const out = new Float32Array(SIGLIP_SIZE);
  for (const id of ids) for (let column = 0; column < SIGLIP_SIZE; column++) out[column]! += table[id * SIGLIP_SIZE + column]! / 64;
  return l2Normalize(out);
}

describe('SigLIP encoders', () => {
  it('embed images through pooler_output, squashed to 224 × 224 and scaled to [−1, 1]', async () => {
    const [embedding] = await siglip.embedImages([solidImage([255, 0, 128], 300, 100)]);
    expect(embedding!.length).toBe(SIGLIP_SIZE);
    expect(Math.sqrt(dot(embedding!, embedding!))).toBeCloseTo(1, 5);
    const means = [1, -1, 128 / 127.5 - 1];
    const expected = l2Normalize(Float32Array.from({ length: SIGLIP_SIZE }, (_, column) => means.reduce((sum, mean, channel) => sum + mean * projection[channel * SIGLIP_SIZE + column]!, 0)));
    expect(dot(embedding!, expected)).toBeGreaterThan(0.9999);
  });

  it('always pad texts to 64 tokens with </s>, so a text embeds the same alone or beside a longer one', async () => {
    const [alone] = await siglip.embedTexts(['red']);
    const [batched, longer] = await siglip.embedTexts(['red', 'a photo of a red square']);
    const expected = expectedTextEmbedding(['▁red']);
    for (let index = 0; index < SIGLIP_SIZE; index++) {
      expect(alone![index]).toBeCloseTo(expected[index]!, 5);
      expect(batched![index]).toBeCloseTo(alone![index]!, 6);
    }
    expect(dot(alone!, longer!)).toBeLessThan(0.999);
  });

  it('take logit scale and bias from config.json when it provides them', () => {
    expect(siglip.text.logits.source).toBe('config');
    expect(siglip.text.logits.scale).toBeCloseTo(110, 6);
    expect(siglip.text.logits.bias).toBe(-12.5);
  });

  it("pad to the tokenizer's limit, the model's position count, or 64, ignoring Hugging Face's 1e30 'no limit'", () => {
    expect(maxTextLength({ model_max_length: 1e30 }, null, SIGLIP_FAMILY)).toBe(64);
    expect(maxTextLength({ model_max_length: 1e30 }, { text_config: { max_position_embeddings: 32 } }, SIGLIP_FAMILY)).toBe(32);
    expect(maxTextLength({ model_max_length: 64 }, { max_position_embeddings: 512 }, SIGLIP_FAMILY)).toBe(64);
  });
});
