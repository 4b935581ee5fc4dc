/**
 * NanoDet's inner activations on every photo of ../shared/corpus/iqa (read by path, never copied),
 * pooled per channel (mean and deviation over the cells that fall on the picture, not the
 * letterbox bars), and the detections' summary, for trying them in bench/iqa/fit-score.ts.
 *
 *   node --import tsx bench/iqa/iqa-objects.ts /tmp/iqa-objects.jsonl [--reverse]
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../../src-main/engine/config.js';
import { decodeImage } from '../../src-main/engine/image/decode.js';
import { HeicDecoder } from '../../src-main/engine/image/heic-decoder.js';
import { manifestEntry } from '../../src-main/engine/models/model-manifest.js';
import { ModelStore } from '../../src-main/engine/models/model-store.js';
import { OrtSessionFactory } from '../../src-main/engine/models/ort-session-factory.js';
import { detectionsFrom, NANODET_MODEL_ID, runNanodet } from '../../src-main/engine/objects/object-detector.js';
import { NANODET_INPUT } from '../../src-main/engine/objects/nanodet-decode.js';
import { IQA_DIR, readMos } from './iqa-split.js';

const [out, order] = process.argv.slice(2);
if (!out) throw new Error('usage: iqa-objects.ts <out.jsonl> [--reverse]');
writeFileSync(out, '');
const heic = new HeicDecoder();
const runner = new OrtSessionFactory(new ModelStore(path.join(os.tmpdir(), 'culler-test-model-cache')));
const layers = manifestEntry(NANODET_MODEL_ID).conversion.extraOutputs ?? [];
const rows = order === '--reverse' ? readMos().reverse() : readMos();
const round = (value: number): number => Math.round(value * 1e5) / 1e5;
for (const row of rows) {
  const decoded = await decodeImage(readFileSync(path.join(IQA_DIR, 'images', row.file)), { limits: DEFAULT_LIMITS, workingLongSidePx: 1024, heic });
  const { outputs, letterbox } = await runNanodet(runner, decoded.working);
  const started = process.cpuUsage();
  const features: number[] = [];
  const shapes: string[] = [];
  for (const layer of layers) {
    const output = outputs[layer];
    if (!output) throw new Error(`no output ${layer} among ${Object.keys(outputs).join(', ')}`);
    const [, a, b, c] = output.dims.map(Number) as [number, number, number, number];
    // The frame is square (416²): planar outputs are [1, C, H, H], interleaved ones [1, H, H, C].
    const nchw = b === c;
    const [channels, height, width] = nchw ? [a, b, c] : [c, a, b];
    shapes.push(`${channels}x${height}x${width}`);
    const sums = new Float64Array(channels);
    const squares = new Float64Array(channels);
    let cells = 0;
    for (let y = 0; y < height; y++) {
      const centreY = ((y + 0.5) * NANODET_INPUT) / height;
      if (centreY < letterbox.top || centreY > letterbox.top + letterbox.height) continue;
      for (let x = 0; x < width; x++) {
        const centreX = ((x + 0.5) * NANODET_INPUT) / width;
        if (centreX < letterbox.left || centreX > letterbox.left + letterbox.width) continue;
        cells++;
        for (let k = 0; k < channels; k++) {
          const value = output.data[nchw ? (k * height + y) * width + x : (y * width + x) * channels + k]!;
          sums[k]! += value;
          squares[k]! += value * value;
        }
      }
    }
    const means = Array.from(sums, (sum) => sum / cells);
    features.push(...means, ...Array.from(squares, (square, k) => Math.sqrt(Math.max(0, square / cells - means[k]! ** 2))));
  }
  const poolCpu = process.cpuUsage(started);
  const detections = detectionsFrom(outputs, letterbox);
  const area = (box: { left: number; top: number; right: number; bottom: number }): number => (box.right - box.left) * (box.bottom - box.top);
  const people = detections.filter((detection) => detection.label === 'person');
  const objects = {
    count: detections.filter((detection) => detection.score >= 0.5).length,
    top_score: Math.max(0, ...detections.map((detection) => detection.score)),
    top_area: area(detections.sort((p, q) => q.score - p.score)[0]?.box ?? { left: 0, top: 0, right: 0, bottom: 0 }),
    person_score: Math.max(0, ...people.map((detection) => detection.score)),
    person_area: Math.max(0, ...people.filter((detection) => detection.score >= 0.5).map((detection) => area(detection.box))),
    people: people.filter((detection) => detection.score >= 0.5).length,
  };
  appendFileSync(out, `${JSON.stringify({ file: row.file, mos: row.mos, shapes, pool_cpu_ms: (poolCpu.user + poolCpu.system) / 1000, objects, nano: features.map(round) })}\n`);
}
heic.close();
