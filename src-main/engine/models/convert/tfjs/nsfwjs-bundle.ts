import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseJsLiteral, type JsLiteral } from './js-literal.js';
import { tfjsModelJsonSchema, type TfjsModelJson } from './tfjs-model-json.js';

/**
 * The models nsfwjs ships inside its npm package, read as data.
 *
 * nsfwjs bundles each model as browserify UMD files (dist/models/<name>/model.min.js and
 * group1-shardNofM.min.js) whose only module is `module.exports = <literal>`: the model JSON, or
 * one weight shard as a base64 string. We parse that literal out of the text instead of running the
 * bundle (in `vm` or otherwise): nothing from a package file executes in the engine, the objects
 * belong to this realm (cross-realm arrays from a `vm` context fail `instanceof Array` checks in
 * libraries such as tfjs-layers), and a file that is not a plain data bundle is refused rather than
 * run. The cost is a small literal parser (js-literal.ts).
 */
export type NsfwjsBundledModelName = 'mobilenet_v2' | 'mobilenet_v2_mid';

export type NsfwjsBundledModel = {
  modelJson: TfjsModelJson;
  /** The weight shards decoded and concatenated in manifest order (what TF.js calls weightData). */
  weightData: ArrayBuffer;
  /** Absolute paths of the files read: model.min.js, then the shards in manifest order. */
  sourceFiles: string[];
};

const requireFromHere = createRequire(import.meta.url);

/**
 * The installed nsfwjs package folder. Its `exports` map hides package.json, so
 * `resolve('nsfwjs/package.json')` throws ERR_PACKAGE_PATH_NOT_EXPORTED; we resolve the main entry
 * and walk up to the package.json that names nsfwjs.
 */
export function nsfwjsPackageDirectory(): string {
  try {
    return path.dirname(requireFromHere.resolve('nsfwjs/package.json'));
  } catch {
    let directory = path.dirname(requireFromHere.resolve('nsfwjs'));
    while (directory !== path.dirname(directory)) {
      const candidate = path.join(directory, 'package.json');
      if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown }).name === 'nsfwjs') return directory;
      directory = path.dirname(directory);
    }
    throw new Error('cannot find the installed nsfwjs package');
  }
}

// `{1:[function(require,module,exports){module.exports=` — the one module of a browserify bundle.
const MODULE_START = /\{1:\[function\(([A-Za-z_$][\w$]*),([A-Za-z_$][\w$]*),([A-Za-z_$][\w$]*)\)\{/;
// After the literal: close the module (no dependencies), the module map, no cache, entry [1].
const MODULE_END = /^\s*;?\s*\},\{\}\]\},\{\},\[1\]\)\(1\)\}\);?\s*(?:\/\/# sourceMappingURL=[^\n]*)?\s*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SHARD_NAME = /^[\w.-]+$/;

/** The data literal a single-module browserify bundle exports, parsed without running the bundle. */
export function readBrowserifyDataModule(source: string, fileForMessages: string): JsLiteral {
  const start = MODULE_START.exec(source);
  if (!start) throw new Error(`${fileForMessages}: not a browserify bundle with one module`);
  const moduleParameter = start[2]!;
  const assignment = `${moduleParameter}.exports=`;
  const literalStart = start.index + start[0].length;
  if (!source.startsWith(assignment, literalStart)) throw new Error(`${fileForMessages}: the module does not start with ${assignment}`);
  let parsed: { value: JsLiteral; end: number };
  try {
    parsed = parseJsLiteral(source, literalStart + assignment.length);
  } catch (error) {
    throw new Error(`${fileForMessages}: module.exports is not a data literal (${(error as Error).message})`, { cause: error });
  }
  if (!MODULE_END.test(source.slice(parsed.end))) {
    throw new Error(`${fileForMessages}: unexpected code after the exported literal at offset ${parsed.end}`);
  }
  return parsed.value;
}

/** Reads one of the models bundled in the installed nsfwjs package. */
export function loadNsfwjsBundledModel(name: NsfwjsBundledModelName, packageDirectory = nsfwjsPackageDirectory()): NsfwjsBundledModel {
  const modelDirectory = path.join(packageDirectory, 'dist', 'models', name);
  const modelFile = path.join(modelDirectory, 'model.min.js');
  const modelJson = tfjsModelJsonSchema.parse(readBrowserifyDataModule(readFileSync(modelFile, 'utf8'), modelFile));

  const sourceFiles = [modelFile];
  const shards: Buffer[] = [];
  for (const group of modelJson.weightsManifest) {
    for (const shardPath of group.paths) {
      // nsfwjs names each bundle after the manifest path: group1-shard1of2 → group1-shard1of2.min.js.
      if (!SHARD_NAME.test(shardPath)) throw new Error(`${modelFile}: weight shard path '${shardPath}' is not a plain file name`);
      const shardFile = path.join(modelDirectory, `${shardPath}.min.js`);
      const base64 = readBrowserifyDataModule(readFileSync(shardFile, 'utf8'), shardFile);
      if (typeof base64 !== 'string' || !BASE64.test(base64)) throw new Error(`${shardFile}: the exported value is not a base64 string`);
      shards.push(Buffer.from(base64, 'base64'));
      sourceFiles.push(shardFile);
    }
  }
  const weights = new Uint8Array(shards.reduce((total, shard) => total + shard.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    weights.set(shard, offset);
    offset += shard.byteLength;
  }
  return { modelJson, weightData: weights.buffer, sourceFiles };
}
