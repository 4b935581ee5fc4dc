// MediaPipe's own runtime on the corpus faces: the reference our ONNX port of BlazeFace is held to.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../corpus.ts';
import {
  MEDIAPIPE_FACE_DEFAULTS,
  runMediapipeFaceDetector,
  type MediapipeFaceImageResult,
  type MediapipeFaceModel,
} from './mediapipe-face-detector.ts';

const FACES = corpusFile('faces');
const PHOTOS = readdirSync(FACES)
  .filter((name) => /\.(jpe?g|png)$/i.test(name))
  .sort()
  .map((name) => path.join(FACES, name));
const MODELS: MediapipeFaceModel[] = ['short', 'full'];

type Run = { results: MediapipeFaceImageResult[]; wallMs: number; blocked: string[] };
const runs = new Map<MediapipeFaceModel, Run>();

function run(model: MediapipeFaceModel): Run {
  const found = runs.get(model);
  if (found === undefined) throw new Error(`no ${model}-range run`);
  return found;
}

function photo(model: MediapipeFaceModel, name: string): MediapipeFaceImageResult {
  const found = run(model).results.find((result) => path.basename(result.path) === name);
  if (found === undefined) throw new Error(`${name} missing from the ${model}-range results`);
  return found;
}

function bestScore(result: MediapipeFaceImageResult): number | null {
  return result.detections.length === 0 ? null : Math.max(...result.detections.map((detection) => detection.score));
}

function printTable(): void {
  const cell = (result: MediapipeFaceImageResult): string => `${result.detections.length}  ${bestScore(result)?.toFixed(3) ?? '  -  '}`;
  const lines = [
    `MediaPipe tasks-vision FaceDetector, CPU, IMAGE mode, minDetectionConfidence ${MEDIAPIPE_FACE_DEFAULTS.minDetectionConfidence}, minSuppressionThreshold ${MEDIAPIPE_FACE_DEFAULTS.minSuppressionThreshold}`,
    `${'photo'.padEnd(26)}${'size'.padEnd(11)}short: n best   full: n best`,
    ...PHOTOS.map((_, index) => {
      const short = run('short').results[index];
      const full = run('full').results[index];
      if (short === undefined || full === undefined) return '';
      return `${path.basename(short.path).padEnd(26)}${`${short.width}x${short.height}`.padEnd(11)}${cell(short).padEnd(16)}${cell(full)}`;
    }),
    ...MODELS.map((model) => {
      const { results, wallMs, blocked } = run(model);
      const inference = results.map((result) => result.inferenceMs).sort((a, b) => a - b);
      const median = inference[Math.floor(inference.length / 2)] ?? 0;
      return `${model}-range: ${wallMs} ms in all (browser start, wasm, model, ${results.length} photos), median detect ${median.toFixed(1)} ms; blocked: ${blocked.join(', ') || 'nothing'}`;
    }),
  ];
  console.log(lines.join('\n'));
}

describe('MediaPipe face detector reference harness', () => {
  beforeAll(async () => {
    for (const model of MODELS) {
      const blocked: string[] = [];
      const started = Date.now();
      const results = await runMediapipeFaceDetector(PHOTOS, {
        model,
        ...MEDIAPIPE_FACE_DEFAULTS,
        timeoutMs: 25_000,
        onBlockedRequest: (url) => blocked.push(url),
      });
      runs.set(model, { results, wallMs: Date.now() - started, blocked });
    }
    printTable();
  }, 60_000);

  it('runs both models on every corpus face', () => {
    expect(PHOTOS).toHaveLength(17);
    for (const model of MODELS) {
      const { results } = run(model);
      expect(results.map((result) => result.path)).toEqual(PHOTOS);
      for (const result of results) {
        expect(result.width).toBeGreaterThan(0);
        expect(result.height).toBeGreaterThan(0);
        for (const detection of result.detections) {
          expect(detection.score).toBeGreaterThanOrEqual(MEDIAPIPE_FACE_DEFAULTS.minDetectionConfidence);
          expect(detection.score).toBeLessThanOrEqual(1);
          expect(detection.keypoints).toHaveLength(6);
          // Pixels, not [0, 1]: a face box sits (mostly) inside the photo.
          expect(detection.box.width).toBeGreaterThan(1);
          expect(detection.box.x + detection.box.width / 2).toBeGreaterThan(0);
          expect(detection.box.x + detection.box.width / 2).toBeLessThan(result.width);
          expect(detection.box.y + detection.box.height / 2).toBeLessThan(result.height);
        }
      }
    }
  });

  it('reports the size the browser decoded', () => {
    expect(photo('short', 'obama.jpg')).toMatchObject({ width: 910, height: 1137 });
  });

  it('finds Obama once, confidently, with the short-range model', () => {
    const obama = photo('short', 'obama.jpg');
    expect(obama.detections).toHaveLength(1);
    expect(obama.detections[0]?.score).toBeGreaterThan(0.8);
  });

  it('finds Obama once with the full-range model', () => {
    // The full-range model scores this close-up portrait 0.78: one face, but not above 0.8.
    expect(photo('full', 'obama.jpg').detections).toHaveLength(1);
  });

  it('finds both people in two_people.jpg with the full-range model', () => {
    expect(photo('full', 'two_people.jpg').detections).toHaveLength(2);
  });

  it('keeps every request on the local server', () => {
    for (const model of MODELS) {
      for (const url of run(model).blocked) expect(new URL(url).hostname).not.toBe('127.0.0.1');
    }
  });
});
