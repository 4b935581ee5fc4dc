import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SharedPromises } from '../shared-promises.js';
import { manifestEntry, modelManifest, type ModelEntry } from './model-manifest.js';

/**
 * Turns a manifest entry into ONNX bytes the runtime can load: finds the source files in their npm
 * package, checks each one's sha256 against the manifest (a different package version is refused,
 * not silently run), converts to ONNX once, and caches the result under the app's home keyed by the
 * sources' hashes and the converter version, so later starts load it directly.
 */

/** Bump when a converter's output changes, so cached conversions are redone. */
export const CONVERTER_VERSIONS = { tflite: 4, 'tflite-packed-face-mesh': 3, 'tfjs-nsfwjs-bundle': 3, 'tfjs-graph': 4 } as const;

export class ModelUnavailableError extends Error {
  constructor(
    readonly modelId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelUnavailableError';
  }
}

export type PreparedModel = {
  entry: ModelEntry;
  onnx: Uint8Array;
  /** Where the converted model is cached. */
  cachePath: string;
  /** True when this call converted it (first use), false when it came from the cache. */
  converted: boolean;
  /** Digest of the verified sources: names the exact weights behind a result. */
  sourceDigest: string;
};

const requireFromHere = createRequire(import.meta.url);

function packageDirectory(name: string): string {
  try {
    return path.dirname(requireFromHere.resolve(`${name}/package.json`));
  } catch {
    // Packages whose `exports` hide package.json: walk up from the main entry.
    let directory = path.dirname(requireFromHere.resolve(name));
    while (directory !== path.dirname(directory)) {
      const candidate = path.join(directory, 'package.json');
      if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === name) return directory;
      directory = path.dirname(directory);
    }
    throw new Error(`cannot find the installed package ${name}`);
  }
}

/** Absolute paths of the entry's source files, after checking version and sha256 of each. */
export function verifiedSourceFiles(entry: ModelEntry): string[] {
  const { source } = entry;
  let directory: string;
  try {
    directory = packageDirectory(source.package);
  } catch (error) {
    throw new ModelUnavailableError(entry.id, `${source.package} is not installed (run npm ci)`, { cause: error });
  }
  const installed = (JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as { version?: string }).version;
  if (installed !== source.version) {
    throw new ModelUnavailableError(entry.id, `${source.package} ${installed} is installed; the manifest pins ${source.version}`);
  }
  return source.files.map((file) => {
    const absolute = path.join(directory, file.path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(absolute);
    } catch (error) {
      throw new ModelUnavailableError(entry.id, `missing model file ${source.package}/${file.path}`, { cause: error });
    }
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== file.sha256) {
      throw new ModelUnavailableError(entry.id, `${source.package}/${file.path} has sha256 ${digest}, expected ${file.sha256}`);
    }
    return absolute;
  });
}

async function convert(entry: ModelEntry, files: string[]): Promise<Uint8Array> {
  const { conversion } = entry;
  if (conversion.outputs && !conversion.from.startsWith('tflite')) throw new Error(`${entry.id}: choosing outputs is only supported for TFLite models`);
  switch (conversion.from) {
    case 'tflite': {
      const { convertTfliteToOnnx } = await import('./convert/tflite/tflite-to-onnx.js');
      const file = files.find((candidate) => path.basename(candidate) === conversion.file)!;
      return convertTfliteToOnnx(readFileSync(file), { name: entry.id, ...(conversion.outputs ? { outputs: conversion.outputs } : {}) }).onnx;
    }
    case 'tflite-packed-face-mesh': {
      const { extractFaceMeshModel } = await import('./convert/tflite/face-mesh-assets.js');
      const { convertTfliteToOnnx } = await import('./convert/tflite/tflite-to-onnx.js');
      return convertTfliteToOnnx(extractFaceMeshModel(conversion.file as 'face_landmark.tflite'), { name: entry.id }).onnx;
    }
    case 'tfjs-nsfwjs-bundle': {
      const { loadNsfwjsBundledModel } = await import('./convert/tfjs/nsfwjs-bundle.js');
      const { convertTfjsGraphToOnnx } = await import('./convert/tfjs/tfjs-graph-to-onnx.js');
      const { withExtraKerasOutputs } = await import('./convert/tfjs/keras-extra-outputs.js');
      const { atKerasInputSize } = await import('./convert/tfjs/keras-input-size.js');
      const bundle = loadNsfwjsBundledModel(conversion.file as 'mobilenet_v2');
      const modelJson = conversion.inputSize && conversion.lastLayer ? atKerasInputSize(bundle.modelJson, conversion.inputSize, conversion.lastLayer) : bundle.modelJson;
      return convertTfjsGraphToOnnx(withExtraKerasOutputs(modelJson, conversion.extraOutputs ?? []), bundle.weightData).onnx;
    }
    case 'tfjs-graph': {
      // A plain TF.js graph model: model.json plus its weight shards, in the manifest's order.
      const { convertTfjsGraphToOnnx } = await import('./convert/tfjs/tfjs-graph-to-onnx.js');
      const { withExtraGraphOutputs } = await import('./convert/tfjs/graph-extra-outputs.js');
      const modelJson = JSON.parse(readFileSync(files.find((candidate) => candidate.endsWith(conversion.file))!, 'utf8')) as object;
      const shards = files.filter((candidate) => !candidate.endsWith('.json')).map((candidate) => readFileSync(candidate));
      const weights = Buffer.concat(shards);
      return convertTfjsGraphToOnnx(withExtraGraphOutputs(modelJson, conversion.extraOutputs ?? []), weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength)).onnx;
    }
  }
}

/** Where a model's conversion is cached, named by the digest of its verified sources and converter. */
function cacheLocation(directory: string, entry: ModelEntry): { sourceDigest: string; cachePath: string } {
  const converterVersion = CONVERTER_VERSIONS[entry.conversion.from];
  const sourceDigest = createHash('sha256')
    .update(JSON.stringify({ files: entry.source.files.map((file) => file.sha256), conversion: entry.conversion, converterVersion }))
    .digest('hex')
    .slice(0, 16);
  return { sourceDigest, cachePath: path.join(directory, `${entry.id}-${sourceDigest}.onnx`) };
}

/** The models among `ids` that have no cached conversion in `directory` yet (a first run converts them). */
export function modelsToPrepare(directory: string, ids: string[]): string[] {
  return ids.filter((id) => !existsSync(cacheLocation(directory, manifestEntry(id)).cachePath));
}

export class ModelStore {
  private readonly prepared = new SharedPromises<string, PreparedModel>();

  /** `directory` holds the converted models (the app's home/models/converted). */
  constructor(readonly directory: string) {}

  /** The model's ONNX bytes, converted on first use and cached; concurrent callers share one conversion. */
  prepare(id: string): Promise<PreparedModel> {
    return this.prepared.get(id, () => this.prepareOnce(id));
  }

  private async prepareOnce(id: string): Promise<PreparedModel> {
    const entry = manifestEntry(id);
    const files = verifiedSourceFiles(entry);
    const { sourceDigest, cachePath } = cacheLocation(this.directory, entry);
    try {
      return { entry, onnx: new Uint8Array(await readFile(cachePath)), cachePath, converted: false, sourceDigest };
    } catch {
      // Not cached yet (or unreadable): convert below.
    }
    let onnx: Uint8Array;
    try {
      onnx = await convert(entry, files);
    } catch (error) {
      throw new ModelUnavailableError(id, `converting ${id} to ONNX failed: ${(error as Error).message}`, { cause: error });
    }
    await mkdir(this.directory, { recursive: true });
    const temporary = `${cachePath}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, onnx);
      await rename(temporary, cachePath);
    } finally {
      await rm(temporary, { force: true });
    }
    return { entry, onnx, cachePath, converted: true, sourceDigest };
  }
}

/** For each model: usable (sources present and verified) or why not. */
export type ModelStatus = Map<string, { ok: true } | { ok: false; reason: string }>;

/** Which manifest models have their sources installed and intact (nothing is loaded or converted). */
export function modelSourceStatus(): ModelStatus {
  const status: ModelStatus = new Map();
  for (const entry of modelManifest()) {
    try {
      verifiedSourceFiles(entry);
      status.set(entry.id, { ok: true });
    } catch (error) {
      status.set(entry.id, { ok: false, reason: error instanceof ModelUnavailableError ? error.message : String(error) });
    }
  }
  return status;
}

export function disabledModelStatus(): ModelStatus {
  return new Map(modelManifest().map((entry) => [entry.id, { ok: false, reason: 'models are turned off (--no-models)' }]));
}
