/**
 * A candidate NOT in the engine, measured for the whole-photo quality estimate: the InceptionV3
 * that nsfwjs also ships (MIT, dist/models/inception_v3, ImageNet-initialised, fine-tuned on the
 * same five content classes as the MobileNetV2 the engine runs). For every photo of
 * ../shared/corpus/iqa (read in place) it runs the network once on the whole frame squeezed to its
 * native 299² and pools the Inception blocks mixed2, mixed5, mixed7 and mixed10 (35², 17², 17²,
 * 8² cells of 288, 768, 768, 2048 channels) into each channel's mean and standard deviation: 7744
 * numbers, and the CPU time of the run (one intra-op thread, so the time is the run's own).
 *
 * The model is read with the project's own nsfwjs bundle reader and converted by its TF.js → ONNX
 * converter (models/convert/tfjs), as a manifest entry would be; the sha256 of each source file is
 * printed. It has no manifest entry because the engine does not run it (README, "The score against
 * people's opinion": +0.012 held out for ≈ 190 ms CPU per photo, not adopted). Rows go to the
 * file named on the command line, for `fit-score.ts … --candidate=<file>`.
 *
 *   node --import tsx bench/iqa/inception-candidate.ts /tmp/iqa-inception.jsonl [--reverse]
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { DEFAULT_LIMITS } from '../../src-main/engine/config.js';
import { decodeImage } from '../../src-main/engine/image/decode.js';
import { HeicDecoder } from '../../src-main/engine/image/heic-decoder.js';
import { resizeRaw } from '../../src-main/engine/image/raw-image.js';
import { withExtraKerasOutputs } from '../../src-main/engine/models/convert/tfjs/keras-extra-outputs.js';
import { loadNsfwjsBundledModel, type NsfwjsBundledModelName } from '../../src-main/engine/models/convert/tfjs/nsfwjs-bundle.js';
import { convertTfjsGraphToOnnx } from '../../src-main/engine/models/convert/tfjs/tfjs-graph-to-onnx.js';
import { IQA_DIR, readMos } from './iqa-split.js';

const LAYERS = ['mixed2', 'mixed5', 'mixed7', 'mixed10'] as const;
const SIZE = 299;

const [out, order] = process.argv.slice(2);
if (!out) throw new Error('usage: inception-candidate.ts <out.jsonl> [--reverse]');

// The bundle reader parses any nsfwjs model folder; its type names the two the engine has used.
const bundle = loadNsfwjsBundledModel('inception_v3' as NsfwjsBundledModelName);
for (const file of bundle.sourceFiles) console.log(`${path.basename(file)} sha256 ${createHash('sha256').update(readFileSync(file)).digest('hex')}`);
const cached = path.join(os.tmpdir(), 'culler-iqa-inception-v3.onnx');
if (!existsSync(cached)) writeFileSync(cached, convertTfjsGraphToOnnx(withExtraKerasOutputs(bundle.modelJson, [...LAYERS]), bundle.weightData).onnx);
const session = await InferenceSession.create(cached, { intraOpNumThreads: 1, interOpNumThreads: 1 });

/** Each channel's mean then standard deviation over the cells (NHWC). */
function pool(data: Float32Array, channels: number): number[] {
  const cells = data.length / channels;
  const sums = new Float64Array(channels);
  const squares = new Float64Array(channels);
  for (let index = 0; index < data.length; index++) {
    sums[index % channels]! += data[index]!;
    squares[index % channels]! += data[index]! * data[index]!;
  }
  const means = Array.from(sums, (sum) => sum / cells);
  return [...means, ...Array.from(squares, (square, channel) => Math.sqrt(Math.max(0, square / cells - means[channel]! ** 2)))];
}

writeFileSync(out, '');
const heic = new HeicDecoder();
const rows = order === '--reverse' ? readMos().reverse() : readMos();
for (const row of rows) {
  const decoded = await decodeImage(readFileSync(path.join(IQA_DIR, 'images', row.file)), { limits: DEFAULT_LIMITS, workingLongSidePx: 1024, heic });
  const small = await resizeRaw(decoded.working, { width: SIZE, height: SIZE, fit: 'fill' }, true);
  const input = new Float32Array(small.data.length);
  for (let index = 0; index < input.length; index++) input[index] = small.data[index]! / 255;
  const before = process.cpuUsage();
  const results = await session.run({ [session.inputNames[0]!]: new Tensor('float32', input, [1, SIZE, SIZE, 3]) });
  const cpu = process.cpuUsage(before);
  const features = LAYERS.flatMap((layer) => {
    const tensor = results[layer]!;
    return pool(tensor.data as Float32Array, Number(tensor.dims[tensor.dims.length - 1]));
  });
  appendFileSync(out, `${JSON.stringify({ file: row.file, cpu_ms: (cpu.user + cpu.system) / 1000, features: features.map((value) => Math.round(value * 1e4) / 1e4) })}\n`);
}
heic.close();
