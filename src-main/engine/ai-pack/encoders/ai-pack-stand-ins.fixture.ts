import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RawImage } from '../../image/raw-image.js';
import { componentDirectory, type AiPackComponentId } from './ai-pack-models.js';
import { imageTowerOnnx, textTowerOnnx } from './stand-in-models.fixture.js';
import { clipBpeTokenizer, siglipUnigramTokenizer, type StandInTokenizer } from './stand-in-tokenizers.fixture.js';
import { seededSigned } from '../../seeded-random.js';

/**
 * Test support: stand-in AI-pack components, built in a temporary folder. Tiny ONNX models with the
 * input and output names and shapes of the real exports, plus config.json, preprocessor_config.json
 * and tokenizer files in the Hugging Face formats, so the loaders run their real code paths
 * (onnxruntime-node, transformers.js) offline.
 */

export function randomMatrix(rows: number, columns: number, seed: number): Float32Array {
  const random = seededSigned(seed);
  return Float32Array.from({ length: rows * columns }, random);
}

export function writeComponent(home: string, id: AiPackComponentId, files: Record<string, string | Uint8Array | object>): string {
  const directory = componentDirectory(home, id);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(directory, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content, null, 2));
  }
  return directory;
}

export function solidImage(rgb: [number, number, number], width = 64, height = 48): RawImage {
  const data = Buffer.alloc(width * height * 3);
  for (let offset = 0; offset < data.length; offset += 3) data.set(rgb, offset);
  return { data, width, height, channels: 3 };
}

/** openai/clip-vit-base-patch16's preprocessor_config.json. */
export const CLIP_PREPROCESSOR = {
  crop_size: { height: 224, width: 224 },
  do_center_crop: true,
  do_convert_rgb: true,
  do_normalize: true,
  do_rescale: true,
  do_resize: true,
  feature_extractor_type: 'CLIPFeatureExtractor',
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_processor_type: 'CLIPImageProcessor',
  image_std: [0.26862954, 0.26130258, 0.27577711],
  resample: 3,
  rescale_factor: 0.00392156862745098,
  size: { shortest_edge: 224 },
};

/** SigLIP's and the ViT classifier's: squash to size × size, scale to [−1, 1]. */
export function squarePreprocessor(type: 'SiglipImageProcessor' | 'ViTImageProcessor', resample: number, size = 224): object {
  return {
    do_normalize: true,
    do_rescale: true,
    do_resize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_processor_type: type,
    image_std: [0.5, 0.5, 0.5],
    resample,
    rescale_factor: 0.00392156862745098,
    size: { height: size, width: size },
  };
}

export { type StandInTokenizer } from './stand-in-tokenizers.fixture.js';

export const CLIP_SIZE = 512;
export const SIGLIP_SIZE = 768;

/** CLIP image tower, installed flat as the downloader does (vision_model.onnx); returns its projection [3, 512]. */
export function installClipImage(home: string, options: { projection?: Float32Array; output?: string; file?: string } = {}): Float32Array {
  const projection = options.projection ?? randomMatrix(3, CLIP_SIZE, 11);
  writeComponent(home, 'clip-vit-b16-image', {
    [options.file ?? 'vision_model.onnx']: imageTowerOnnx(projection, CLIP_SIZE, options.output ?? 'image_embeds'),
    'preprocessor_config.json': CLIP_PREPROCESSOR,
    'config.json': { model_type: 'clip_vision_model', projection_dim: CLIP_SIZE },
  });
  return projection;
}

/** CLIP text tower with attention mask; returns its tokenizer and embedding table [vocab, 512]. */
export function installClipText(home: string, options: { config?: object; output?: string } = {}): { tokenizer: StandInTokenizer; table: Float32Array } {
  const tokenizer = clipBpeTokenizer();
  const table = randomMatrix(tokenizer.vocabSize, CLIP_SIZE, 12);
  writeComponent(home, 'clip-vit-b16-text', {
    'text_model.onnx': textTowerOnnx(table, tokenizer.vocabSize, CLIP_SIZE, options.output ?? 'text_embeds', true),
    'tokenizer.json': tokenizer.tokenizer,
    'tokenizer_config.json': tokenizer.config,
    'config.json': options.config ?? { model_type: 'clip_text_model', max_position_embeddings: 77, logit_scale_init_value: 2.6592 },
  });
  return { tokenizer, table };
}

/** SigLIP towers as Xenova exports them: pooler_output, text input_ids only. */
export function installSiglip(home: string, options: { config?: object } = {}): { tokenizer: StandInTokenizer; table: Float32Array; projection: Float32Array } {
  const projection = randomMatrix(3, SIGLIP_SIZE, 21);
  writeComponent(home, 'siglip-base-image', {
    'vision_model.onnx': imageTowerOnnx(projection, SIGLIP_SIZE, 'pooler_output'),
    'preprocessor_config.json': squarePreprocessor('SiglipImageProcessor', 2),
    'config.json': { model_type: 'siglip_vision_model' },
  });
  const tokenizer = siglipUnigramTokenizer();
  const table = randomMatrix(tokenizer.vocabSize, SIGLIP_SIZE, 22);
  // A quieter </s> row: padding fills most of the 64 positions and would otherwise drown the words.
  for (let column = 0; column < SIGLIP_SIZE; column++) table[SIGLIP_SIZE + column]! *= 0.1;
  writeComponent(home, 'siglip-base-text', {
    'text_model.onnx': textTowerOnnx(table, tokenizer.vocabSize, SIGLIP_SIZE, 'pooler_output', false),
    'tokenizer.json': tokenizer.tokenizer,
    'tokenizer_config.json': tokenizer.config,
    'config.json': options.config ?? { model_type: 'siglip_text_model', max_position_embeddings: 64 },
  });
  return { tokenizer, table, projection };
}
