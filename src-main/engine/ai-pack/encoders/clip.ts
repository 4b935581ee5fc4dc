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
 * CLIP ViT-B/16 (components clip-vit-b16-image and clip-vit-b16-text), as exported by Xenova /
 * Optimum: vision_model.onnx takes pixel_values [batch, 3, 224, 224] and gives image_embeds
 * [batch, 512] (plus last_hidden_state); text_model.onnx takes input_ids (and attention_mask when
 * exported with it) and gives text_embeds [batch, 512]. Both embeddings are projected into the joint
 * space but not normalised; we normalise them.
 */
export const CLIP_FAMILY: DualEncoderFamily = {
  name: 'clip',
  imageComponent: 'clip-vit-b16-image',
  textComponent: 'clip-vit-b16-text',
  imageOutputs: ['image_embeds'],
  textOutputs: ['text_embeds'],
  outputHint:
    "a CLIP tower's pooler_output is not projected into the joint image-text space; export CLIPVisionModelWithProjection / CLIPTextModelWithProjection",
  // As transformers.js's zero-shot pipeline: pad to the longest prompt (the pad token is CLIP's
  // end-of-text token, and the model pools at the first end-of-text), truncate at 77 tokens.
  padding: true,
  defaultMaxLength: 77,
  // OpenAI CLIP's trained logit scale hit its clamp: exp(4.6052) = 100.
  defaultLogitScale: 100,
};

export function loadClipImageEncoder(home: string, options: AiPackLoadOptions = {}): Promise<ImageEmbedder> {
  return loadImageEmbedder(home, CLIP_FAMILY, options);
}

export function loadClipTextEncoder(home: string, options: AiPackLoadOptions = {}): Promise<TextEmbedder> {
  return loadTextEmbedder(home, CLIP_FAMILY, options);
}

export function loadClip(home: string, options: AiPackLoadOptions = {}): Promise<DualEncoder> {
  return loadDualEncoder(home, CLIP_FAMILY, options);
}
