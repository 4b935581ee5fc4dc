import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

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
  task: z.enum(['face_detection', 'face_landmarks', 'content_safety']),
  description: z.string(),
  level: z.enum(['embedded', 'ai_pack']),
  licence: z.enum(['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause']),
  source: z.object({
    kind: z.literal('npm'),
    package: z.string().min(1),
    version: z.string().min(1),
    files: z.array(sourceFileSchema).min(1),
  }),
  conversion: z.object({
    from: z.enum(['tflite', 'tflite-packed-face-mesh', 'tfjs-nsfwjs-bundle']),
    file: z.string().min(1),
  }),
  input: z.object({
    layout: z.literal('NHWC'),
    shape: z.tuple([z.literal(1), z.number().int().positive(), z.number().int().positive(), z.literal(3)]),
    color: z.literal('RGB'),
    /** Pixel values (0–255) are fed as (value − mean) / std. */
    mean: z.number(),
    std: z.number().positive(),
  }),
});

const manifestSchema = z.object({
  manifestVersion: z.literal(1),
  models: z.array(modelEntrySchema),
});

export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type ModelId = ModelEntry['id'];

export const MANIFEST_FILE = path.resolve(import.meta.dirname, '..', '..', '..', 'models', 'manifest.json');

let cached: ModelEntry[] | null = null;

/** The manifest, validated once; a malformed manifest is a build error and throws. */
export function modelManifest(file = MANIFEST_FILE): ModelEntry[] {
  if (file === MANIFEST_FILE && cached) return cached;
  const parsed = manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const ids = new Set<string>();
  for (const model of parsed.models) {
    if (ids.has(model.id)) throw new Error(`models/manifest.json: duplicate id ${model.id}`);
    ids.add(model.id);
  }
  if (file === MANIFEST_FILE) cached = parsed.models;
  return parsed.models;
}

export function manifestEntry(id: string): ModelEntry {
  const entry = modelManifest().find((model) => model.id === id);
  if (!entry) throw new Error(`no model '${id}' in models/manifest.json`);
  return entry;
}
