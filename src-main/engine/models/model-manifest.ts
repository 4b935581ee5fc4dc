import { z } from 'zod';
// Imported, not read from disk: bundlers (electron-vite) inline it, so no path has to survive bundling.
import bundledManifest from '../../../models/manifest.json' with { type: 'json' };

/**
 * Models are data: every model the app can run is an entry in models/manifest.json with its
 * source (an npm package file today, a download for the AI pack), the sha256 it must have, its
 * licence, how its ONNX form is obtained, and its input spec. Adding a model is an entry here plus,
 * at most, one small adapter.
 */
const sourceFileSchema = z.object({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
});

const modelEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  task: z.enum(['face_detection', 'face_landmarks', 'content_safety', 'person_segmentation', 'pose_landmarks', 'object_detection']),
  description: z.string(),
  level: z.enum(['embedded', 'ai_pack']),
  licence: z.enum(['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause']),
  /** Where the weights come from, what they were trained on (traced to the model card) and what they predict. */
  provenance: z.object({ upstream: z.string().min(1), model_card: z.string().url(), training_data: z.string().min(1) }).optional(),
  source: z.object({
    kind: z.literal('npm'),
    package: z.string().min(1),
    version: z.string().min(1),
    files: z.array(sourceFileSchema).min(1),
  }),
  conversion: z.object({
    from: z.enum(['tflite', 'tflite-packed-face-mesh', 'tfjs-nsfwjs-bundle', 'tfjs-graph']),
    file: z.string().min(1),
    /** Inner layers (a layers model) or nodes (a graph model) the converted model also outputs, e.g. features for grouping and the quality estimate. */
    extraOutputs: z.array(z.string().min(1)).optional(),
    /** The model outputs to keep (a TFLite model's output tensor names); the rest, and what only they need, are left out of the converted graph. */
    outputs: z.array(z.string().min(1)).min(1).optional(),
    /** A Keras layers model run at another square input size, cut after `lastLayer` (its trunk only): convert/tfjs/keras-input-size.ts. */
    inputSize: z.number().int().positive().optional(),
    lastLayer: z.string().min(1).optional(),
  }),
  input: z.union([
    z.object({
      layout: z.literal('NHWC'),
      shape: z.tuple([z.literal(1), z.number().int().positive(), z.number().int().positive(), z.literal(3)]),
      color: z.literal('RGB'),
      /** Pixel values (0–255) are fed as (value − mean) / std. */
      mean: z.number(),
      std: z.number().positive(),
    }),
    // Models exported from PyTorch (NanoDet) take planar channels, [1, 3, height, width], often in
    // OpenCV's BGR order with a mean and deviation per channel (listed in that channel order).
    z.object({
      layout: z.literal('NCHW'),
      shape: z.tuple([z.literal(1), z.literal(3), z.number().int().positive(), z.number().int().positive()]),
      color: z.enum(['RGB', 'BGR']),
      mean: z.tuple([z.number(), z.number(), z.number()]),
      std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
    }),
  ]),
});

const manifestSchema = z.object({
  manifestVersion: z.literal(1),
  models: z.array(modelEntrySchema),
});

export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type ModelId = ModelEntry['id'];

let cached: ModelEntry[] | null = null;

function validate(raw: unknown, origin: string): ModelEntry[] {
  const parsed = manifestSchema.parse(raw);
  const ids = new Set<string>();
  for (const model of parsed.models) {
    if (ids.has(model.id)) throw new Error(`${origin}: duplicate id ${model.id}`);
    ids.add(model.id);
  }
  return parsed.models;
}

/** The app's manifest (models/manifest.json), validated once; a malformed one is a build error and throws. */
export function modelManifest(): ModelEntry[] {
  cached ??= validate(bundledManifest, 'models/manifest.json');
  return cached;
}


export function manifestEntry(id: string): ModelEntry {
  const entry = modelManifest().find((model) => model.id === id);
  if (!entry) throw new Error(`no model '${id}' in models/manifest.json`);
  return entry;
}
