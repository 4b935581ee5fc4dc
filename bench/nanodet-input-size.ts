/**
 * What NanoDet at its native 320² would save against the 416² the engine runs it at, and what it
 * would change: the same weights converted with a 320² input (the graph's only size-bound constants
 * are its input shape and the feature pyramid's four resize targets, rewritten here), each run on
 * the same corpus photos letterboxed to its own size, alternating, one thread as in the engine.
 *
 *   node --import tsx bench/nanodet-input-size.ts [--size 320] [--rounds 3]
 *
 * Prints, per photo, the CPU of one run at each size and the object tags and people count each gives
 * (objects.analyzer's own thresholds), then the means and which photos' tags differ. Nothing here
 * is used by the engine: the quality estimate reads the 416² backbone (object-appearance.ts), whose
 * pooled deviations move with the input size, so the size is a measurement, not a setting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultEngineConfig } from '../src-main/engine/config.js';
import { decodeImage } from '../src-main/engine/image/decode.js';
import { HeicDecoder } from '../src-main/engine/image/heic-decoder.js';
import { resizeRaw, type RawImage } from '../src-main/engine/image/raw-image.js';
import { convertTfjsGraphToOnnx } from '../src-main/engine/models/convert/tfjs/tfjs-graph-to-onnx.js';
import { withExtraGraphOutputs } from '../src-main/engine/models/convert/tfjs/graph-extra-outputs.js';
import { manifestEntry } from '../src-main/engine/models/model-manifest.js';
import { verifiedSourceFiles } from '../src-main/engine/models/model-store.js';
import { createSessionOnPreferredProvider } from '../src-main/engine/models/session-on-provider.js';
import { decodeNanodet, NANODET_INPUT } from '../src-main/engine/objects/nanodet-decode.js';
import { MIN_DETECTION_SCORE, NMS_IOU } from '../src-main/engine/objects/object-detector.js';
import { objectReport, objectTags, POSSIBLE_PERSON_SCORE } from '../src-main/engine/objects/objects.analyzer.js';
import { REPO_ROOT, upperMedian } from './bench-common.js';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '320' }, rounds: { type: 'string', default: '3' } } });
const size = Number(args.size);
const rounds = Number(args.rounds);
if (!Number.isInteger(size) || size % 32 !== 0) throw new Error('--size must be a multiple of 32 (the coarsest stride)');

const entry = manifestEntry('nanodet-m');
const files = verifiedSourceFiles(entry);
const modelJson = JSON.parse(readFileSync(files.find((file) => file.endsWith('.json'))!, 'utf8')) as {
  modelTopology: { node: Array<{ op: string; attr?: { shape?: { shape?: { dim?: Array<{ size?: string }> } } } }> };
  weightsManifest: Array<{ weights: Array<{ name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }> }>;
};
const weights = Buffer.concat(files.filter((file) => !file.endsWith('.json')).map((file) => readFileSync(file)));

/** The model at `side`²: the placeholder's shape and the int32 resize targets (26², 52², 26², 13² at 416) scaled. */
function atSize(side: number): Uint8Array {
  const json = structuredClone(modelJson);
  const dims = json.modelTopology.node.find((node) => node.op === 'Placeholder')!.attr!.shape!.shape!.dim!;
  dims[2]!.size = String(side);
  dims[3]!.size = String(side);
  const data = Buffer.from(weights);
  let offset = 0;
  for (const spec of json.weightsManifest.flatMap((group) => group.weights)) {
    const count = spec.shape.reduce((product, dim) => product * dim, 1);
    const width = spec.quantization ? (spec.quantization.dtype === 'uint8' ? 1 : 2) : 4;
    if (/^PartitionedCall\/Cast_[1357]$/.test(spec.name) && spec.dtype === 'int32' && count === 2) {
      for (let i = 0; i < 2; i++) data.writeInt32LE((data.readInt32LE(offset + i * 4) * side) / NANODET_INPUT, offset + i * 4);
    }
    offset += count * width;
  }
  if (offset !== data.length) throw new Error(`weights: ${offset} bytes described, ${data.length} read`);
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  return convertTfjsGraphToOnnx(withExtraGraphOutputs(json, entry.conversion.extraOutputs ?? []), buffer).onnx;
}

/** The letterboxed planar BGR input at `side`², as object-detector.ts makes it at 416². */
async function letterboxed(working: RawImage, side: number): Promise<{ input: Float32Array; box: { left: number; top: number; width: number; height: number } }> {
  const spec = entry.input;
  if (spec.layout !== 'NCHW') throw new Error('nanodet-m: expected planar input');
  const small = await resizeRaw(working, { width: side, height: side, fit: 'inside' }, true);
  const box = { width: small.width, height: small.height, left: Math.floor((side - small.width) / 2), top: Math.floor((side - small.height) / 2) };
  const plane = side * side;
  const input = new Float32Array(3 * plane);
  for (let channel = 0; channel < 3; channel++) input.fill(-spec.mean[channel]! / spec.std[channel]!, channel * plane, (channel + 1) * plane);
  for (let y = 0; y < small.height; y++) {
    for (let x = 0; x < small.width; x++) {
      const target = (box.top + y) * side + box.left + x;
      for (let channel = 0; channel < 3; channel++) input[channel * plane + target] = (small.data[(y * small.width + x) * 3 + 2 - channel]! - spec.mean[channel]!) / spec.std[channel]!;
    }
  }
  return { input, box };
}

const corpus = path.join(REPO_ROOT, '..', 'shared', 'corpus');
const photos = ['faces', 'bursts', 'camera', 'formats'].flatMap((folder) =>
  readdirSync(path.join(corpus, folder))
    .filter((name) => /\.(jpe?g|png|webp|tiff?|gif|avif|heic)$/i.test(name))
    .map((name) => path.join(corpus, folder, name)),
);
const config = defaultEngineConfig();
const heic = new HeicDecoder();
const providers = [{ provider: 'cpu' as const, available: true, reason: 'bench' }];
const sizes = [NANODET_INPUT, size];
const sessions = await Promise.all(sizes.map(async (side) => (await createSessionOnPreferredProvider(atSize(side), { label: `nanodet ${side}`, providers, log: () => {} })).session));
const { Tensor } = await import('onnxruntime-node');
const cpu = sizes.map(() => [] as number[]);
const differing: string[] = [];
for (const file of photos) {
  let working: RawImage;
  try {
    working = (await decodeImage(await readFile(file), { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic })).working;
  } catch {
    continue; // the formats folder holds files the engine refuses on purpose
  }
  const seen: string[] = [];
  for (const [index, side] of sizes.entries()) {
    const { input, box } = await letterboxed(working, side);
    const session = sessions[index]!;
    const feeds = { [session.inputNames[0]!]: new Tensor('float32', input, [1, 3, side, side]) };
    let results = await session.run(feeds);
    for (let round = 0; round < rounds; round++) {
      const started = process.cpuUsage();
      results = await session.run(feeds);
      const used = process.cpuUsage(started);
      cpu[index]!.push((used.user + used.system) / 1000);
    }
    const outputs = Object.values(results).map((tensor) => ({ dims: tensor.dims, data: tensor.data as Float32Array }));
    const detections = decodeNanodet(outputs, MIN_DETECTION_SCORE, NMS_IOU, POSSIBLE_PERSON_SCORE, side).map((detection) => ({
      ...detection,
      box: {
        left: (detection.box.left * side - box.left) / box.width,
        top: (detection.box.top * side - box.top) / box.height,
        right: (detection.box.right * side - box.left) / box.width,
        bottom: (detection.box.bottom * side - box.top) / box.height,
      },
    }));
    const report = objectReport(detections);
    seen.push(`${objectTags(report).map((tag) => tag.tag).join('+') || '-'} (${report.people.length} people)`);
  }
  const name = path.relative(corpus, file);
  if (seen[0] !== seen[1]) differing.push(name);
  console.log(`${name.padEnd(44)} ${sizes.map((side, index) => `${side}: ${seen[index]}`).join('   ')}${seen[0] !== seen[1] ? '   DIFFERS' : ''}`);
}
console.log(`median cpu per run: ${sizes.map((side, index) => `${side}² ${upperMedian(cpu[index]!).toFixed(1)} ms`).join(', ')}; tags or people counts differ on ${differing.length} photos${differing.length ? `: ${differing.join(', ')}` : ''}`);
for (const session of sessions) await session.release();
