import type { DetectedFace } from '../../../src-preload/contract/rating-result.js';
import type { RawImage } from '../image/raw-image.js';
import type { ModelRunner } from '../models/ort-session-factory.js';
import type { MeasuredTag } from '../scoring/measured-tags.js';
import { ANIMAL_CLASSES, type CocoClass } from './coco-classes.js';
import type { Detection } from './nanodet-decode.js';
import { poolObjectAppearance } from './object-appearance.js';
import { detectionsFrom, MIN_DETECTION_SCORE, runNanodet } from './object-detector.js';

export const OBJECTS_ANALYZER = { id: 'objects', version: '1.0.0' } as const;

/**
 * Scene facts from object detection (NanoDet, COCO's 80 classes): how many people, which animals,
 * and whether the objects in view say indoors or outdoors. Each threshold is calibrated on the
 * corpus (README "Scene tags from object detection"), with the margin it leaves:
 * - a person counts at 0.62: every corpus person NanoDet finds scores 0.66–0.91, the cockatoos'
 *   best "person" 0.58 (a white cockatoo's face, close up);
 * - an animal at 0.36 (any of COCO's ten animal classes): the cockatoo frames score 0.38–0.53 as
 *   bird, dog, cat or cow, the best animal on a corpus photo without one 0.31 (a fur coat as "dog");
 *   the species is named only at 0.6, since NanoDet often names the wrong one;
 * - an indoor or outdoor cue at 0.4, from objects that only belong to one of them; both, or none,
 *   and no scene tag is given.
 */
export const PERSON_SCORE = 0.62;
export const ANIMAL_SCORE = 0.36;
export const SPECIES_SCORE = 0.6;
export const SCENE_CUE_SCORE = 0.4;
/**
 * Where a person may be, for the face tiles' gate (faces/tile-gate.ts): far under the decoder's
 * floor, since a person missed there costs a face; john1.jpeg's person reads 0.29.
 */
export const POSSIBLE_PERSON_SCORE = 0.2;

const INDOOR_CUES: ReadonlySet<CocoClass> = new Set(['bed', 'couch', 'tv', 'dining table', 'toilet', 'sink', 'refrigerator', 'oven', 'microwave', 'toaster']);
const OUTDOOR_CUES: ReadonlySet<CocoClass> = new Set([
  'car', 'bus', 'truck', 'train', 'boat', 'airplane', 'motorcycle', 'bicycle', 'traffic light', 'fire hydrant', 'stop sign', 'parking meter',
]);

export type ObjectReport = {
  /** Every detection at or above the decoder's floor (0.3), best first, boxes in fractions of the frame. */
  detections: Detection[];
  /** People at or above PERSON_SCORE. */
  people: Detection[];
  /** Animals at or above ANIMAL_SCORE. */
  animals: Detection[];
  scene: { setting: 'indoor' | 'outdoor'; cues: Detection[] } | null;
  /** What was measured, in one sentence. */
  evidence: string;
  /** Person detections at or above POSSIBLE_PERSON_SCORE: where a person may be (the face tiles' witness). */
  possible_people: Detection[];
  /** The detector's pooled backbone activations for the quality estimate (object-appearance.ts); null when not measured. */
  appearance: number[] | null;
};

const describe = (detection: Detection): string => `${detection.label} ${detection.score.toFixed(2)}`;

export async function analyzeObjects(runner: ModelRunner, working: RawImage): Promise<ObjectReport> {
  // People decoded down to the possible people's score (other classes at the floor, as before):
  // per-class NMS keeps the highest first, so the people at the floor are the same as before.
  const { outputs, letterbox } = await runNanodet(runner, working);
  return objectReport(detectionsFrom(outputs, letterbox, MIN_DETECTION_SCORE, POSSIBLE_PERSON_SCORE), poolObjectAppearance(outputs, letterbox));
}

/** The report on detections decoded at MIN_DETECTION_SCORE or lower (those under it only say where a person may be). */
export function objectReport(decoded: Detection[], appearance: number[] | null = null): ObjectReport {
  const all = [...decoded].sort((a, b) => b.score - a.score);
  const possiblePeople = all.filter((detection) => detection.label === 'person' && detection.score >= POSSIBLE_PERSON_SCORE);
  const sorted = all.filter((detection) => detection.score >= MIN_DETECTION_SCORE);
  const people = sorted.filter((detection) => detection.label === 'person' && detection.score >= PERSON_SCORE);
  const animals = sorted.filter((detection) => ANIMAL_CLASSES.has(detection.label) && detection.score >= ANIMAL_SCORE);
  const cues = (set: ReadonlySet<CocoClass>): Detection[] => sorted.filter((detection) => set.has(detection.label) && detection.score >= SCENE_CUE_SCORE);
  const indoor = cues(INDOOR_CUES);
  const outdoor = cues(OUTDOOR_CUES);
  const scene = indoor.length && !outdoor.length ? { setting: 'indoor' as const, cues: indoor } : outdoor.length && !indoor.length ? { setting: 'outdoor' as const, cues: outdoor } : null;
  const bestPerson = sorted.find((detection) => detection.label === 'person');
  const evidence = people.length
    ? `object detection finds ${people.length === 1 ? 'a person' : `${people.length} people`} (${people.map(describe).join(', ')})`
    : `no person: object detection's best person scores ${bestPerson ? bestPerson.score.toFixed(2) : 'below 0.30'}, under ${PERSON_SCORE}`;
  return { detections: sorted, people, animals, scene, evidence, possible_people: possiblePeople, appearance };
}

/** The scene tags the detections support; none where they do not. */
export function objectTags(report: ObjectReport): MeasuredTag[] {
  const tags: MeasuredTag[] = [];
  const round3 = (value: number): number => Math.round(value * 1000) / 1000;
  const { people, animals, scene } = report;
  if (people.length === 1) tags.push({ tag: '1 person', confidence: round3(people[0]!.score), because: `object detection: ${describe(people[0]!)}` });
  if (people.length === 2) tags.push({ tag: 'duo', confidence: round3(people[1]!.score), because: `object detection: ${people.map(describe).join(', ')}` });
  if (people.length >= 3) tags.push({ tag: 'group', confidence: round3(people[2]!.score), because: `object detection: ${people.length} people (${people.map(describe).join(', ')})` });
  if (animals.length) {
    tags.push({ tag: 'animal', confidence: round3(animals[0]!.score), because: `object detection: ${animals.map(describe).join(', ')}` });
    const species = animals.find((animal) => animal.score >= SPECIES_SCORE);
    if (species) tags.push({ tag: species.label, confidence: round3(species.score), because: `object detection: ${describe(species)}` });
  }
  if (scene) tags.push({ tag: scene.setting, confidence: round3(scene.cues[0]!.score), because: `object detection: ${scene.cues.map(describe).join(', ')} (${scene.setting} objects only)` });
  return tags;
}

/**
 * Faces the face detector found on an animal: a face box lying inside a detected animal's box with
 * no detected person over it (any person NanoDet scores 0.3 or more). A second witness beside the
 * face mesh's own confidence (issue 14: no faces on animals).
 */
export function facesOnAnimals(faces: DetectedFace[], report: ObjectReport, size: { width: number; height: number }): DetectedFace[] {
  const persons = report.detections.filter((detection) => detection.label === 'person');
  return faces.filter((face) => {
    const box = { left: face.box.x / size.width, top: face.box.y / size.height, right: (face.box.x + face.box.width) / size.width, bottom: (face.box.y + face.box.height) / size.height };
    const inside = (outer: Detection['box']): number => {
      const width = Math.max(0, Math.min(box.right, outer.right) - Math.max(box.left, outer.left));
      const height = Math.max(0, Math.min(box.bottom, outer.bottom) - Math.max(box.top, outer.top));
      const area = (box.right - box.left) * (box.bottom - box.top);
      return area > 0 ? (width * height) / area : 0;
    };
    // "Inside": at least 90 % of the face box within the animal's; "over it": a person box covering half the face.
    return report.animals.some((animal) => inside(animal.box) >= 0.9) && !persons.some((person) => inside(person.box) >= 0.5);
  });
}
