import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DetectedFace, RatingResult } from '../../../src-preload/contract/rating-result.js';
import { corpusFile } from '../../../test-support/corpus.js';
import { useTestEngine } from '../../../test-support/test-engine.js';
import { decodeNanodet, NANODET_REG_MAX, type Detection } from './nanodet-decode.js';
import { facesOnAnimals, objectReport } from './objects.analyzer.js';

const engine = useTestEngine();

async function rate(folder: string, name: string): Promise<RatingResult> {
  const outcome = await engine().rateBytes(readFileSync(corpusFile(folder, name)));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.result;
}

const tagNames = (result: RatingResult): string[] => result.tags!.map((tag) => tag.tag);
const PEOPLE_TAGS = ['1 person', 'duo', 'group'];

describe('scene tags from object detection (NanoDet) on the corpus', () => {
  it.each([
    ['bursts', 'cockatoo-b-1.jpg'],
    ['bursts', 'cockatoo-b-3.jpg'],
    ['bursts', 'cockatoo-c-2.jpg'],
    ['bursts', 'cockatoo-d-1.jpg'],
    ['bursts', 'cockatoo-d-2.jpg'],
  ])('tags %s/%s an animal, with no person and no face', async (folder, name) => {
    const result = await rate(folder, name);
    expect(tagNames(result)).toContain('animal');
    expect(tagNames(result).filter((tag) => PEOPLE_TAGS.includes(tag))).toEqual([]);
    expect(result.face_count).toBe(0);
    expect(result.why.tags.find((tag) => tag.tag === 'animal')!.because).toMatch(/^object detection: (bird|dog|cat|cow) 0\.\d\d/);
    // The content gate hears object detection's verdict too.
    expect(result.content_rating.level).toBe('safe');
    expect(result.content_rating.detail).toMatch(/no person: object detection's best person scores/);
    expect(result.analyzers.find((analyzer) => analyzer.id === 'objects')).toMatchObject({ model: expect.stringContaining('nanodet-m@2.5.9#') });
  });

  it.each([
    ['faces', 'obama.jpg'],
    ['faces', 'biden.jpg'],
    ['faces', 'img1.jpg'],
    ['faces', 'lin-manuel-miranda.png'],
    ['bursts', 'd70s-series-1.jpg'],
    ['camera', 'canon-eos-1000d.jpg'],
  ])('counts 1 person in %s/%s, and that person is a witness for the content gate', async (folder, name) => {
    const result = await rate(folder, name);
    expect(tagNames(result)).toContain('1 person');
    expect(result.why.tags.find((tag) => tag.tag === '1 person')!.because).toMatch(/^object detection: person 0\.[6-9]\d$/);
    expect(tagNames(result)).not.toContain('animal');
    expect(result.content_rating.detail).toMatch(/A person is in the picture \(.*object detection finds a person \(person 0\.\d\d\)\)/);
  });

  it('counts the two people in two_people.jpg as a duo', async () => {
    const result = await rate('faces', 'two_people.jpg');
    expect(tagNames(result)).toContain('duo');
    expect(tagNames(result)).not.toContain('1 person');
  });

  it.each([
    ['camera', 'samsung-galaxy-note3.jpg'],
    ['camera', 'nikon-d3100.jpg'],
    ['camera', 'apple-iphone-5.jpg'],
    ['formats', 'flower.jpg'],
  ])('gives %s/%s, a scene without people, no people tag', async (folder, name) => {
    const result = await rate(folder, name);
    expect(tagNames(result).filter((tag) => PEOPLE_TAGS.includes(tag))).toEqual([]);
    expect(tagNames(result)).not.toContain('animal');
  });

  it('calls the street with the red car outdoor, from the car', async () => {
    const result = await rate('camera', 'canon-eos-450d.jpg');
    expect(tagNames(result)).toContain('outdoor');
    expect(result.why.tags.find((tag) => tag.tag === 'outdoor')!.because).toMatch(/car 0\.\d\d \(outdoor objects only\)/);
  });
});

describe('NanoDet decoding', () => {
  /** Six head outputs with every score 0 and every side's distribution sharply on bin 0. */
  function emptyHead(): Array<{ dims: number[]; data: Float32Array }> {
    return [52, 26, 13].flatMap((side) => {
      const cells = side * side;
      const boxes = new Float32Array(cells * 44).fill(-20);
      for (let index = 0; index < cells * 4; index++) boxes[index * 11] = 20;
      return [
        { dims: [1, cells, 80], data: new Float32Array(cells * 80) },
        { dims: [1, cells, 44], data: boxes },
      ];
    });
  }

  it('places a box by the expected distance of each side, in cells of its stride', () => {
    const outputs = emptyHead();
    // Stride 16 (26² cells), the cell at column 10, row 5: centre (168, 88) in the 416² input.
    const cell = 5 * 26 + 10;
    outputs[3]!.data.fill(0, cell * 44, (cell + 1) * 44);
    const logits = outputs[3]!.data;
    // left: all on bin 2 → 32 px; top: bins 1 and 3 equally → 2 cells → 32 px; right: bin 4 → 64 px;
    // bottom: uniform over 0…10 → 5 cells → 80 px.
    for (let bin = 0; bin <= NANODET_REG_MAX; bin++) {
      logits[cell * 44 + bin] = bin === 2 ? 30 : -30;
      logits[cell * 44 + 11 + bin] = bin === 1 || bin === 3 ? 30 : -30;
      logits[cell * 44 + 22 + bin] = bin === 4 ? 30 : -30;
      logits[cell * 44 + 33 + bin] = 0;
    }
    outputs[2]!.data[cell * 80 + 14] = 0.8; // bird
    const [bird, ...rest] = decodeNanodet(outputs, 0.3, 0.6);
    expect(rest).toEqual([]);
    expect(bird!.label).toBe('bird');
    expect(bird!.score).toBeCloseTo(0.8);
    expect(bird!.box.left * 416).toBeCloseTo(168 - 32, 3);
    expect(bird!.box.top * 416).toBeCloseTo(88 - 32, 3);
    expect(bird!.box.right * 416).toBeCloseTo(168 + 64, 3);
    expect(bird!.box.bottom * 416).toBeCloseTo(88 + 80, 3);
  });

  it('keeps one box per object and class (NMS), and two classes on the same box', () => {
    const outputs = emptyHead();
    // Two neighbouring stride-8 cells with sides of 0 px overlap not at all; give them wide boxes.
    for (const cell of [100, 101]) {
      for (let side = 0; side < 4; side++) for (let bin = 0; bin <= NANODET_REG_MAX; bin++) outputs[1]!.data[cell * 44 + side * 11 + bin] = bin === 10 ? 30 : -30;
      outputs[0]!.data[cell * 80] = cell === 100 ? 0.9 : 0.7; // person
    }
    outputs[0]!.data[100 * 80 + 16] = 0.5; // dog on the first cell too
    const detections = decodeNanodet(outputs, 0.3, 0.6);
    expect(detections.map((detection) => [detection.label, detection.score.toFixed(1)])).toEqual([
      ['person', '0.9'],
      ['dog', '0.5'],
    ]);
  });
});

describe('faces on animals', () => {
  const face = (x: number, y: number, size: number): DetectedFace => ({ box: { x, y, width: size, height: size }, score: 0.6, keypoints: [], eyes: null });
  const detection = (label: Detection['label'], score: number, left: number, top: number, right: number, bottom: number): Detection => ({ label, score, box: { left, top, right, bottom } });

  it('drops a face inside an animal with no person over it, and keeps a face a person box covers', () => {
    const size = { width: 1000, height: 500 };
    const onBird = face(300, 100, 100); // 0.30–0.40 × 0.20–0.40
    const onPerson = face(700, 100, 100);
    const report = objectReport([detection('bird', 0.5, 0.2, 0.1, 0.5, 0.9), detection('dog', 0.45, 0.6, 0.1, 0.9, 0.9), detection('person', 0.4, 0.65, 0.1, 0.85, 0.9)]);
    expect(facesOnAnimals([onBird, onPerson], report, size)).toEqual([onBird]);
    // No animal detected: nothing is dropped.
    expect(facesOnAnimals([onBird, onPerson], objectReport([detection('bird', 0.3, 0.2, 0.1, 0.5, 0.9)]), size)).toEqual([]);
  });
});
