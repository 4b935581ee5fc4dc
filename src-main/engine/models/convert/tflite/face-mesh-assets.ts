import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The @mediapipe/face_mesh package ships its TFLite models packed into one Emscripten .data file;
 * the loader script beside it holds each file's byte range (`loadPackage({"files": [...]})`).
 * Offsets change from release to release, so they are read from the loader, never written here.
 */
export type FaceMeshModelName = 'face_landmark.tflite' | 'face_landmark_with_attention.tflite';

type PackedFile = { filename: string; start: number; end: number };

const LOADER = 'face_mesh_solution_packed_assets_loader.js';
const DATA = 'face_mesh_solution_packed_assets.data';

function packageFolder(): string {
  return path.dirname(createRequire(import.meta.url).resolve('@mediapipe/face_mesh/package.json'));
}

/** The packed files listed by the loader script's `loadPackage({...})` call. */
export function parsePackedAssetsLoader(script: string): PackedFile[] {
  const call = script.lastIndexOf('loadPackage({');
  if (call < 0) throw new Error(`${LOADER}: no loadPackage({...}) call found`);
  const start = script.indexOf('{', call);
  // The metadata is one JSON object literal; find where it closes by counting braces outside strings.
  let depth = 0;
  let inString = false;
  let end = -1;
  for (let i = start; i < script.length && end < 0; i++) {
    const char = script[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) end = i + 1;
  }
  if (end < 0) throw new Error(`${LOADER}: unterminated loadPackage metadata`);
  const metadata = JSON.parse(script.slice(start, end)) as { files?: unknown };
  if (!Array.isArray(metadata.files)) throw new Error(`${LOADER}: loadPackage metadata has no files list`);
  return metadata.files.map((file: unknown): PackedFile => {
    const { filename, start: from, end: to } = (file ?? {}) as Partial<PackedFile>;
    if (typeof filename !== 'string' || !Number.isInteger(from) || !Number.isInteger(to)) {
      throw new Error(`${LOADER}: malformed file entry ${JSON.stringify(file)}`);
    }
    return { filename, start: from!, end: to! };
  });
}

/** The bytes of one TFLite model packed in @mediapipe/face_mesh. */
export function extractFaceMeshModel(name: FaceMeshModelName): Uint8Array {
  const folder = packageFolder();
  const files = parsePackedAssetsLoader(readFileSync(path.join(folder, LOADER), 'utf8'));
  const entry = files.find((file) => path.posix.basename(file.filename) === name);
  if (entry === undefined) throw new Error(`@mediapipe/face_mesh packs no ${name} (found: ${files.map((file) => file.filename).join(', ')})`);
  const data = readFileSync(path.join(folder, DATA));
  if (entry.end > data.length || entry.start > entry.end) {
    throw new Error(`${DATA}: ${name} spans ${entry.start}–${entry.end} but the file has ${data.length} bytes`);
  }
  // A copy, so the model does not pin the whole packed file (and starts on an aligned offset).
  return new Uint8Array(data.subarray(entry.start, entry.end));
}
