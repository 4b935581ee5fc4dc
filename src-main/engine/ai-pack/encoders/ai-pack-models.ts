import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type * as TransformersModule from '@huggingface/transformers';
import type { ImageProcessor, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import { resizeRaw, type RawImage } from '../../image/raw-image.js';
import { openOnnxFileSession, type FeedTensor, type OnnxFileSession, type SessionValueInfo } from '../../models/ai-pack-sessions.js';
import type { SessionLog } from '../../models/ort-session-factory.js';

/**
 * Loading side of the optional AI pack. Each component lives in `<home>/ai-pack/<component-id>/`
 * with its files as published on Hugging Face; this module finds the ONNX file, opens a session on
 * the preferred execution provider (CPU fallback, see models/ai-pack-sessions.ts), and loads the
 * tokenizer and image processor through transformers.js, strictly offline.
 */

export type ComponentSpec = {
  /**
   * ONNX file names tried in order, each at the folder's root and then under onnx/. A tower's own
   * name comes first: in Xenova's layout onnx/model.onnx is the combined two-tower model.
   */
  onnx: readonly string[];
  /** Files that must be present next to the model. */
  requires: readonly string[];
};

/** The components, as data: which files each needs. */
export const AI_PACK_COMPONENTS = {
  'clip-vit-b16-image': { onnx: ['vision_model.onnx', 'model.onnx'], requires: ['preprocessor_config.json'] },
  'clip-vit-b16-text': { onnx: ['text_model.onnx', 'model.onnx'], requires: ['tokenizer.json', 'tokenizer_config.json'] },
  // Installed as LAION's PyTorch file (sa_0_4_vit_b_16_linear.pth, read by aesthetic.ts); an ONNX export also works.
  'laion-aesthetic-vit-b16': { onnx: ['model.onnx'], requires: [] },
  'siglip-base-image': { onnx: ['vision_model.onnx', 'model.onnx'], requires: ['preprocessor_config.json'] },
  'siglip-base-text': { onnx: ['text_model.onnx', 'model.onnx'], requires: ['tokenizer.json', 'tokenizer_config.json'] },
  'nsfw-vit': { onnx: ['model.onnx'], requires: ['preprocessor_config.json'] },
} as const satisfies Record<string, ComponentSpec>;

export type AiPackComponentId = keyof typeof AI_PACK_COMPONENTS;

/**
 * Why a component cannot be used, a closed set: not installed (files missing), corrupt (present but
 * unreadable), unsupported (readable, but not the model this code expects). Distinct from the
 * download/import errors of ../ai-pack-errors.ts, which concern getting the files.
 */
export const AI_PACK_MODEL_ERROR_CODES = ['model_not_installed', 'model_corrupt', 'model_unsupported'] as const;
export type AiPackModelErrorCode = (typeof AI_PACK_MODEL_ERROR_CODES)[number];

export class AiPackModelError extends Error {
  constructor(
    readonly code: AiPackModelErrorCode,
    readonly componentId: AiPackComponentId,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${componentId}: ${message}`, options);
    this.name = 'AiPackModelError';
  }

  toInfo(): { code: AiPackModelErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export type AiPackLoadOptions = {
  log?: SessionLog;
  /** Read for CULLER_EXECUTION_PROVIDERS, like the built-in models. */
  env?: NodeJS.ProcessEnv;
};

export type JsonObject = Record<string, unknown>;

export type LoadedComponent = {
  id: AiPackComponentId;
  directory: string;
  session: OnnxFileSession;
  /** config.json when the component has one. */
  config: JsonObject | null;
};

export function componentDirectory(home: string, id: AiPackComponentId): string {
  return path.resolve(home, 'ai-pack', id);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The component's folder, after checking that it and its required files exist. */
export function installedDirectory(home: string, id: AiPackComponentId): string {
  const directory = componentDirectory(home, id);
  if (!existsSync(directory)) throw new AiPackModelError('model_not_installed', id, `not installed (${directory} does not exist)`);
  const missing = AI_PACK_COMPONENTS[id].requires.filter((file) => !isFile(path.join(directory, file)));
  if (missing.length) throw new AiPackModelError('model_not_installed', id, `incomplete install: ${missing.join(', ')} missing in ${directory}`);
  return directory;
}

/**
 * The first of `names` at the folder's root or under onnx/; else the one file ending in `extension`
 * (several would be a guess: model_unsupported); null when there is none.
 */
export function findModelFile(directory: string, id: AiPackComponentId, names: readonly string[], extension: string): string | null {
  const folders = [directory, path.join(directory, 'onnx')];
  for (const name of names) {
    for (const folder of folders) if (isFile(path.join(folder, name))) return path.join(folder, name);
  }
  const found = folders.flatMap((folder) => (existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith(extension)).map((name) => path.join(folder, name)) : []));
  if (found.length > 1) throw new AiPackModelError('model_unsupported', id, `several ${extension} files and none named ${names.join(' or ')}: ${found.join(', ')}`);
  return found[0] ?? null;
}

function findOnnxFile(directory: string, id: AiPackComponentId): string {
  const file = findModelFile(directory, id, AI_PACK_COMPONENTS[id].onnx, '.onnx');
  if (!file) throw new AiPackModelError('model_not_installed', id, `no ONNX model in ${directory}`);
  return file;
}

function readJson(file: string, id: AiPackComponentId): JsonObject | null {
  if (!isFile(file)) return null;
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as JsonObject;
  } catch (error) {
    throw new AiPackModelError('model_corrupt', id, `${path.basename(file)} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/** Opens the component's ONNX session and reads its config.json (typed errors for every failure). */
export async function openComponent(home: string, id: AiPackComponentId, options: AiPackLoadOptions = {}): Promise<LoadedComponent> {
  const directory = installedDirectory(home, id);
  const file = findOnnxFile(directory, id);
  const config = readJson(path.join(directory, 'config.json'), id);
  try {
    const session = await openOnnxFileSession(file, { label: id, ...(options.log ? { log: options.log } : {}), ...(options.env ? { env: options.env } : {}) });
    return { id, directory, session, config };
  } catch (error) {
    throw new AiPackModelError('model_corrupt', id, `cannot load ${file}: ${(error as Error).message}`, { cause: error });
  }
}

type Transformers = typeof TransformersModule;
let transformersModule: Promise<Transformers> | null = null;

/**
 * transformers.js, loaded on first use and set to never touch the network or its own file cache:
 * every file comes from the component folder, and a missing file is an error, not a download.
 * The flags are set again on every call in case other code changed them.
 */
export async function offlineTransformers(): Promise<Transformers> {
  transformersModule ??= import('@huggingface/transformers');
  const transformers = await transformersModule;
  const { env } = transformers;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFS = true;
  env.useFSCache = false;
  env.useBrowserCache = false;
  env.useCustomCache = false;
  return transformers;
}

/** The component's tokenizer (tokenizer.json + tokenizer_config.json) through transformers.js. */
export async function loadTokenizer(home: string, id: AiPackComponentId): Promise<PreTrainedTokenizer> {
  const directory = installedDirectory(home, id);
  for (const file of ['tokenizer.json', 'tokenizer_config.json']) {
    if (!isFile(path.join(directory, file))) throw new AiPackModelError('model_not_installed', id, `${file} missing in ${directory}`);
  }
  const { AutoTokenizer } = await offlineTransformers();
  try {
    return await AutoTokenizer.from_pretrained(directory, { local_files_only: true });
  } catch (error) {
    throw new AiPackModelError('model_corrupt', id, `cannot load the tokenizer in ${directory}: ${(error as Error).message}`, { cause: error });
  }
}

/** The component's image processor, configured by its preprocessor_config.json. */
export async function loadImageProcessor(home: string, id: AiPackComponentId): Promise<ImageProcessor> {
  const directory = installedDirectory(home, id);
  if (!isFile(path.join(directory, 'preprocessor_config.json'))) {
    throw new AiPackModelError('model_not_installed', id, `preprocessor_config.json missing in ${directory}`);
  }
  readJson(path.join(directory, 'preprocessor_config.json'), id);
  const { AutoImageProcessor } = await offlineTransformers();
  try {
    return await AutoImageProcessor.from_pretrained(directory, { local_files_only: true });
  } catch (error) {
    throw new AiPackModelError('model_corrupt', id, `cannot load the image processor in ${directory}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Runs the image processor on our images: crop, rescale and normalise exactly as its config says.
 * The pixels are handed over as a view on the same bytes: no copy, no re-encoding.
 *
 * The resize step is done here instead, to the size the processor asks for, with sharp's resize
 * (lanczos3, antialiased), so the processor's own resize is a no-op. transformers.js resizes in Node
 * with sharp's affine transform, which does not antialias: a 3000 × 2000 one-pixel checkerboard
 * shrunk to 336 × 224 keeps a standard deviation of 43–62 levels where PIL (the Python processors
 * the models were trained with) gives flat grey, and enlarging pulls black in at the bottom and
 * right edges. Fine texture matters to a photo culler, so we take the antialiased resize.
 */
export async function preprocessImages(processor: ImageProcessor, images: readonly RawImage[]): Promise<FeedTensor> {
  const { RawImage: TransformersImage } = await offlineTransformers();
  const view = (image: RawImage) => new TransformersImage(new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height, 3);
  const converted = await Promise.all(
    images.map(async (image) => {
      if (!processor.do_resize || processor.do_thumbnail) return view(image);
      const [width, height] = processor.get_resize_output_image_size(view(image), processor.size);
      return width === image.width && height === image.height ? view(image) : view(await resizeRaw(image, { width, height, fit: 'fill' }, true));
    }),
  );
  const { pixel_values } = await processor._call(converted);
  return { type: 'float32', data: pixel_values.data as Float32Array, dims: pixel_values.dims };
}

/** A tokenizer's int64 tensor, as the model wants it (a few exports take int32). */
export function integerFeed(tensor: Tensor, wanted: SessionValueInfo): FeedTensor {
  const data = tensor.data as BigInt64Array;
  if (wanted.type === 'int32') return { type: 'int32', data: Int32Array.from(data, (value) => Number(value)), dims: tensor.dims };
  return { type: 'int64', data, dims: tensor.dims };
}

/** The first of `candidates` that the model declares; a clear error listing what it has otherwise. */
export function pickName(id: AiPackComponentId, values: readonly SessionValueInfo[], candidates: readonly string[], role: string, hint = ''): string {
  const names = values.map((value) => value.name);
  const found = candidates.find((candidate) => names.includes(candidate));
  if (found) return found;
  throw new AiPackModelError(
    'model_unsupported',
    id,
    `the model has no ${role} named ${candidates.join(' or ')} (it has ${names.join(', ') || 'none'})${hint ? `; ${hint}` : ''}`,
  );
}

/** Refuses an image input that is not float32 (e.g. an fp16 export). */
export function checkFloatInput(id: AiPackComponentId, session: OnnxFileSession, name: string): void {
  const input = session.inputs.find((candidate) => candidate.name === name);
  if (input && input.type !== 'float32') throw new AiPackModelError('model_unsupported', id, `input ${name} is ${input.type}; use the float32 export`);
}

/** Refuses models that need inputs we do not provide. */
export function checkInputs(id: AiPackComponentId, session: OnnxFileSession, supported: readonly string[]): void {
  const unknown = session.inputs.map((input) => input.name).filter((name) => !supported.includes(name));
  if (unknown.length) throw new AiPackModelError('model_unsupported', id, `the model needs inputs this loader does not provide: ${unknown.join(', ')}`);
}
