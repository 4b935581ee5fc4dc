import type { AiPackLoadOptions } from './ai-pack-models.js';
import {
  loadImageEmbedder,
  loadTextEmbedder,
  loadDualEncoder,
  type DualEncoder,
  type DualEncoderFamily,
  type ImageEmbedder,
  type TextEmbedder,
} from './dual-encoder.js';

/**
 * SigLIP base (components siglip-base-image and siglip-base-text), as exported by Xenova: the
 * towers' pooler_output [batch, 768] is already the joint-space embedding (SigLIP's attention-pool
 * and text heads are inside the towers); exports with projection outputs (image_embeds /
 * text_embeds) are taken first. The text tower takes input_ids only and was trained on text padded
 * to 64 tokens, so we always pad to max_length (64 unless the tokenizer config says otherwise).
 *
 * Logit scale and bias live in the checkpoint, not in HF's SigLIP config.json, and the separate
 * tower exports drop them. When config.json carries `logit_scale` (log-space) and `logit_bias`, they
 * are used (zero-shot.ts then also gives SigLIP's own per-prompt sigmoid probabilities). Otherwise the
 * scale defaults to 100 and the bias is unknown: the pair and label probabilities (softmax, where
 * the bias cancels) are still ordered correctly but their sharpness is uncalibrated, and the
 * per-prompt sigmoid probabilities are null.
 */
export const SIGLIP_FAMILY: DualEncoderFamily = {
  name: 'siglip',
  imageComponent: 'siglip-base-image',
  textComponent: 'siglip-base-text',
  imageOutputs: ['image_embeds', 'pooler_output'],
  textOutputs: ['text_embeds', 'pooler_output'],
  outputHint: 'export SiglipVisionModel / SiglipTextModel (pooler_output) or a model with image_embeds / text_embeds',
  padding: 'max_length',
  defaultMaxLength: 64,
  defaultLogitScale: 100,
};

export function loadSiglipImageEncoder(home: string, options: AiPackLoadOptions = {}): Promise<ImageEmbedder> {
  return loadImageEmbedder(home, SIGLIP_FAMILY, options);
}

export function loadSiglipTextEncoder(home: string, options: AiPackLoadOptions = {}): Promise<TextEmbedder> {
  return loadTextEmbedder(home, SIGLIP_FAMILY, options);
}

export function loadSiglip(home: string, options: AiPackLoadOptions = {}): Promise<DualEncoder> {
  return loadDualEncoder(home, SIGLIP_FAMILY, options);
}
