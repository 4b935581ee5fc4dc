import { afterAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../../test-support/corpus.js';
import { AiPackModelError } from './ai-pack-models.js';
import { solidImage, squarePreprocessor, writeComponent } from './ai-pack-stand-ins.fixture.js';
import { classifierOnnx } from './stand-in-models.fixture.js';
import { labelIndices, loadNsfwVitClassifier } from './nsfw-vit.js';

const folder = temporaryFolder();
afterAll(() => folder.remove());
const cpu = { env: { CULLER_EXECUTION_PROVIDERS: 'cpu' } };

/**
 * Stand-in of AdamCodd/vit-base-nsfw-detector (384 × 384, labels sfw / nsfw): red (channel means
 * [1, −1, −1] after ViT preprocessing) reads nsfw, blue safe.
 */
function install(home: string, config: object | null): void {
  const weights = new Float32Array([-2, 2, 0, 0, 2, -2]); // rows r, g, b; columns safe, nsfw
  writeComponent(home, 'nsfw-vit', {
    'model.onnx': classifierOnnx(weights, new Float32Array([0, 0]), 384),
    'preprocessor_config.json': squarePreprocessor('ViTImageProcessor', 2, 384),
    ...(config ? { 'config.json': config } : {}),
  });
}

describe('ViT NSFW classifier', () => {
  it('gives normal (sfw) and nsfw probabilities that sum to 1, per image, using id2label', async () => {
    install(folder.dir, { model_type: 'vit', id2label: { '0': 'sfw', '1': 'nsfw' }, label2id: { sfw: 0, nsfw: 1 } });
    const classifier = await loadNsfwVitClassifier(folder.dir, cpu);
    try {
      const [red, blue] = await classifier.classifyAll([solidImage([255, 0, 0], 500, 400), solidImage([0, 0, 255], 300, 300)]);
      expect(red!.nsfw).toBeGreaterThan(0.99);
      expect(blue!.normal).toBeGreaterThan(0.99);
      for (const result of [red!, blue!]) expect(result.normal + result.nsfw).toBeCloseTo(1, 9);
      expect(await classifier.classify(solidImage([255, 0, 0], 500, 400))).toEqual(red);
    } finally {
      await classifier.close();
    }
  });

  it('follows the label order config.json gives, and assumes normal, nsfw without one', () => {
    expect(labelIndices({ id2label: { '0': 'NSFW', '1': 'Normal' } })).toEqual({ normal: 1, nsfw: 0 });
    expect(labelIndices({ id2label: { '0': 'sfw', '1': 'nsfw' } })).toEqual({ normal: 0, nsfw: 1 });
    expect(labelIndices(null)).toEqual({ normal: 0, nsfw: 1 });
    expect(() => labelIndices({ id2label: { '0': 'drawings', '1': 'hentai', '2': 'porn' } })).toThrow(AiPackModelError);
  });

  it('says model_not_installed when preprocessor_config.json is missing', async () => {
    const other = temporaryFolder();
    writeComponent(other.dir, 'nsfw-vit', { 'model.onnx': classifierOnnx(new Float32Array(6), new Float32Array(2), 384) });
    const error = await loadNsfwVitClassifier(other.dir, cpu).catch((caught: unknown) => caught);
    other.remove();
    expect((error as AiPackModelError).code).toBe('model_not_installed');
    expect((error as AiPackModelError).message).toMatch(/preprocessor_config\.json missing/);
  });
});
