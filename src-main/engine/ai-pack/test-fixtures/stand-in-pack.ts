import { createHash } from 'node:crypto';
import { OnnxGraphBuilder } from '../../models/onnx/onnx-graph-builder.js';
import type { AiPackManifest } from '../ai-pack-manifest.js';

/**
 * A small AI pack for tests: real (tiny) ONNX models standing in for the encoders, JSON stand-ins
 * for configs and tokenizers, and a manifest that declares them with the same URL shapes as the
 * real pack (Hugging Face `resolve/<commit>/` paths), to be served by fake-hub.ts.
 */

export const REVISION = '0123456789abcdef0123456789abcdef01234567';

/** Image encoder stand-in: [1, 3, 224, 224] → global average pool → MatMul → [1, 512]. */
export function imageEncoderStandIn(): Buffer {
  const graph = new OnnxGraphBuilder('image-encoder-stand-in');
  graph.addInput({ name: 'pixel_values', type: 'float32', shape: [1, 3, 224, 224] });
  const weights = graph.addInitializer('projection', { type: 'float32', dims: [3, 512], data: Float32Array.from({ length: 3 * 512 }, (_, index) => Math.sin(index)) });
  const [pooled] = graph.addNode('GlobalAveragePool', ['pixel_values']);
  const [flat] = graph.addNode('Flatten', [pooled!], { attributes: { axis: 1 } });
  graph.addNode('MatMul', [flat!, weights], { outputs: ['image_embeds'] });
  graph.addOutput({ name: 'image_embeds', type: 'float32', shape: [1, 512] });
  return Buffer.from(graph.toBytes());
}

/** Text encoder stand-in: input_ids [1, 77] (int64) → Cast → MatMul → [1, 512]. */
export function textEncoderStandIn(): Buffer {
  const graph = new OnnxGraphBuilder('text-encoder-stand-in');
  graph.addInput({ name: 'input_ids', type: 'int64', shape: [1, 77] });
  const weights = graph.addInitializer('projection', { type: 'float32', dims: [77, 512], data: Float32Array.from({ length: 77 * 512 }, (_, index) => Math.cos(index)) });
  const [ids] = graph.addNode('Cast', ['input_ids'], { attributes: { to: 1 } });
  graph.addNode('MatMul', [ids!, weights], { outputs: ['text_embeds'] });
  graph.addOutput({ name: 'text_embeds', type: 'float32', shape: [1, 512] });
  return Buffer.from(graph.toBytes());
}

export type StandInFile = {
  component: string;
  name: string;
  /** Path on the hub, as in the real pack's URLs. */
  urlPath: string;
  body: Buffer;
  /** Served like a Git LFS file (redirect to a CDN, X-Linked-Etag) rather than a plain git file. */
  lfs: boolean;
  /** Whether the test manifest records this file's size and sha256 (else null, with a note). */
  declared: boolean;
};

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
}

/** Two components covering every way a file is verified: manifest sha256, X-Linked-Etag, git ETag. */
export function standInFiles(): StandInFile[] {
  const imageRepo = `/test-org/clip-stand-in/resolve/${REVISION}`;
  return [
    { component: 'clip-image', name: 'vision_model.onnx', urlPath: `${imageRepo}/onnx/vision_model.onnx`, body: imageEncoderStandIn(), lfs: true, declared: true },
    {
      component: 'clip-image',
      name: 'preprocessor_config.json',
      urlPath: `${imageRepo}/preprocessor_config.json`,
      body: json({ crop_size: 224, do_center_crop: true, do_normalize: true, image_mean: [0.48145466, 0.4578275, 0.40821073], image_std: [0.26862954, 0.26130258, 0.27577711] }),
      lfs: false,
      declared: false,
    },
    { component: 'clip-text', name: 'text_model.onnx', urlPath: `${imageRepo}/onnx/text_model.onnx`, body: textEncoderStandIn(), lfs: true, declared: false },
    {
      component: 'clip-text',
      name: 'tokenizer.json',
      urlPath: `${imageRepo}/tokenizer.json`,
      body: json({ version: '1.0', model: { type: 'BPE', vocab: { '<|startoftext|>': 0, '<|endoftext|>': 1, a: 2 }, merges: [] } }),
      lfs: false,
      declared: true,
    },
  ];
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The manifest declaring `files` as served from https://huggingface.co (tests point baseUrl at the fake hub). */
export function standInManifest(files: StandInFile[] = standInFiles()): AiPackManifest {
  const tasks: Record<string, 'clip_image' | 'clip_text'> = { 'clip-image': 'clip_image', 'clip-text': 'clip_text' };
  const ids = [...new Set(files.map((file) => file.component))];
  return {
    manifestVersion: 1,
    components: ids.map((id) => ({
      id,
      task: tasks[id] ?? 'clip_image',
      licence: 'MIT',
      description: `test stand-in for ${id}`,
      source: { repository: 'https://huggingface.co/test-org/clip-stand-in', revision: REVISION },
      files: files
        .filter((file) => file.component === id)
        .map((file) => ({
          name: file.name,
          url: `https://huggingface.co${file.urlPath}`,
          bytes: file.declared ? file.body.length : null,
          sha256: file.declared ? sha256(file.body) : null,
          ...(file.declared ? {} : { note: 'established at download time' }),
        })),
    })),
  };
}
