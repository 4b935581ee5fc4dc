import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, SHARED_MODEL_CACHE, temporaryFolder } from '../../../test-support/corpus.js';
import { runMediapipeFaceDetector } from '../../../test-support/mediapipe/mediapipe-face-detector.js';
import { DEFAULT_LIMITS } from '../config.js';
import { decodeImage } from '../image/decode.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { ModelStore } from '../models/model-store.js';
import { OrtSessionFactory } from '../models/ort-session-factory.js';
import { BLAZEFACE_CONFIGS, type BlazeFaceVariant } from './blazeface.js';
import { detectInFrame, type PixelDetection } from './face-detector.js';
import { letterboxRegion, regionToTensor } from './image-to-tensor.js';

/**
 * Parity of our ONNX port of BlazeFace with MediaPipe's own runtime (@mediapipe/tasks-vision's
 * FaceDetector in headless Chromium) on every corpus photo: same face count, boxes with IoU ≥ 0.9,
 * scores within 0.02.
 *
 * Both runtimes are given the same pixels: each photo letterboxed into the model's square input
 * size (128² or 192²), then enlarged 8× with nearest-neighbour and saved losslessly. Sampling at
 * the centres of the 8×8 blocks gives both sides exactly the model-size input back (neither
 * resamples anything), while MediaPipe's rounding of boxes to whole pixels shrinks to 1/8 of a
 * model pixel (at 128 px it would cost a small face up to 0.15 of IoU). What is compared is then
 * exactly the ONNX path — converted weights, anchors, box decoding, weighted NMS. How each side shrinks a full-size photo to that input differs (MediaPipe samples on
 * WebGL, we sample on the CPU); on full photos the detections differ more, and the test prints
 * that comparison as a report rather than hiding it.
 */
const MIN_SCORE = 0.5;
const files = readdirSync(corpusFile('faces')).sort();
const folder = temporaryFolder();
const heic = new HeicDecoder();
const factory = new OrtSessionFactory(new ModelStore(SHARED_MODEL_CACHE));
type Reference = Awaited<ReturnType<typeof runMediapipeFaceDetector>>;
const modelInputs = new Map<BlazeFaceVariant, Reference>();
const fullPhotos = new Map<BlazeFaceVariant, Reference>();

async function decodeFile(file: string) {
  return (await decodeImage(readFileSync(file), { limits: DEFAULT_LIMITS, workingLongSidePx: 100_000, heic })).working;
}

const ENLARGEMENT = 8;

/** The photo letterboxed to the model's input size, enlarged 8× with nearest-neighbour, as PNG. */
async function writeModelInput(name: string, variant: BlazeFaceVariant): Promise<string> {
  const image = await decodeFile(corpusFile('faces', name));
  const size = BLAZEFACE_CONFIGS[variant].inputSize;
  const pixels = Buffer.from(Array.from(regionToTensor(image, letterboxRegion(image), size, 0, 1), (value) => Math.round(value)));
  const target = path.join(folder.dir, variant, `${name}.png`);
  await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .resize(size * ENLARGEMENT, size * ENLARGEMENT, { kernel: 'nearest' })
    .png()
    .toFile(target);
  return target;
}

beforeAll(async () => {
  for (const variant of ['short', 'full'] as const) {
    mkdirSync(path.join(folder.dir, variant), { recursive: true });
    const inputs = await Promise.all(files.map((name) => writeModelInput(name, variant)));
    const options = { model: variant, minDetectionConfidence: MIN_SCORE, minSuppressionThreshold: 0.3 };
    modelInputs.set(variant, await runMediapipeFaceDetector(inputs, options));
    fullPhotos.set(variant, await runMediapipeFaceDetector(files.map((name) => corpusFile('faces', name)), options));
  }
}, 240_000);

afterAll(async () => {
  await factory.close();
  await heic.close();
  folder.remove();
});

function iou(a: { x: number; y: number; width: number; height: number }, b: PixelDetection): number {
  const width = Math.min(a.x + a.width, b.xMax) - Math.max(a.x, b.xMin);
  const height = Math.min(a.y + a.height, b.yMax) - Math.max(a.y, b.yMin);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / (a.width * a.height + (b.xMax - b.xMin) * (b.yMax - b.yMin) - intersection);
}

function bestMatch(box: { x: number; y: number; width: number; height: number }, ours: PixelDetection[]): { detection: PixelDetection | null; overlap: number } {
  return ours.reduce<{ detection: PixelDetection | null; overlap: number }>(
    (best, detection) => (iou(box, detection) > best.overlap ? { detection, overlap: iou(box, detection) } : best),
    { detection: null, overlap: 0 },
  );
}

describe.each(['short', 'full'] as const)('BlazeFace %s range: ONNX port vs MediaPipe tasks-vision, same input pixels', (variant) => {
  it.each(files)('%s', async (name) => {
    const expected = modelInputs.get(variant)!.find((entry) => entry.path.endsWith(`/${name}.png`))!;
    const image = await decodeFile(expected.path);
    const ours = await detectInFrame(factory, image, variant, MIN_SCORE);
    const theirs = expected.detections;
    expect(ours.length, `face count (MediaPipe scores ${theirs.map((face) => face.score.toFixed(3)).join(', ')})`).toBe(theirs.length);
    for (const face of theirs) {
      const match = bestMatch(face.box, ours);
      expect(match.overlap, 'IoU with the matching MediaPipe box').toBeGreaterThanOrEqual(0.9);
      expect(Math.abs(match.detection!.score - face.score), 'score difference').toBeLessThanOrEqual(0.02);
    }
  });
});

describe('full photos, each runtime shrinking the photo its own way (report)', () => {
  it('prints how far the two pipelines differ end to end', async () => {
    const lines: string[] = [];
    for (const variant of ['short', 'full'] as const) {
      for (const name of files) {
        const expected = fullPhotos.get(variant)!.find((entry) => entry.path.endsWith(`/${name}`))!;
        const ours = await detectInFrame(factory, await decodeFile(corpusFile('faces', name)), variant, MIN_SCORE);
        const matches = expected.detections.map((face) => {
          const match = bestMatch(face.box, ours);
          return `IoU ${match.overlap.toFixed(2)} Δscore ${match.detection ? (match.detection.score - face.score).toFixed(3) : '—'}`;
        });
        lines.push(`${variant.padEnd(5)} ${name.padEnd(24)} faces ${ours.length}/${expected.detections.length}  ${matches.join('; ')}`);
      }
    }
    console.log(`ours/MediaPipe on full photos:\n${lines.join('\n')}`);
    expect(lines).toHaveLength(files.length * 2);
  });
});
