import type { DetectedFace, QualityIssue } from '../../../src-preload/contract/rating-result.js';

/** The fields of a rating result the choice reads (a RatingResult is one; the catalog reads just these). */
export type FrameSource = {
  faces: DetectedFace[] | null;
  quality: { sharpness: number; issues: QualityIssue[] };
  dimension_scores?: { expression_mood?: number | null } | null;
  score: number | null;
  why?: { dimensions?: { facial_clarity?: { measures?: Record<string, number> } } } | null;
};

/** What choosing the best frame reads of each rating result. */
export type FrameFacts = {
  /** Faces measured with eyes; how many of them blink. Null: no eye measure ran. */
  facesWithEyes: number | null;
  blinking: number;
  /** The overall sharpness (99th percentile of |Laplacian|). */
  sharpness: number;
  blurry: boolean;
  /** The main face's sharpness at 256 px, where a face was found. */
  faceSharpness: number | null;
  /** expression_mood 0–10, where an analyzer measured it. */
  expression: number | null;
  score: number | null;
};

export function frameFacts(result: FrameSource): FrameFacts {
  const measured = (result.faces ?? []).filter((face) => face.eyes !== null);
  const faceSharpness = result.why?.dimensions?.facial_clarity?.measures?.face_sharpness;
  return {
    facesWithEyes: result.faces === null ? null : measured.length,
    blinking: measured.filter((face) => face.eyes!.closed).length,
    sharpness: result.quality.sharpness,
    blurry: result.quality.issues.includes('blurry'),
    faceSharpness: typeof faceSharpness === 'number' ? faceSharpness : null,
    expression: result.dimension_scores?.expression_mood ?? null,
    score: result.score,
  };
}

/**
 * A frame this much less sharp than the group's sharpest is taken as shaken or motion-blurred:
 * in a burst the scene is the same, so a big drop in sharpness is the camera or subject moving.
 */
export const SOFT_RATIO = 0.5;
/** Differences smaller than these are ties (measurement noise), and the next criterion decides. */
const FACE_SHARPNESS_MARGIN = 1.1;
const EXPRESSION_MARGIN = 0.5;
const SCORE_MARGIN = 1;
const SHARPNESS_MARGIN = 1.05;

export type BestFrame = {
  /** Indices into the frames, best first. */
  order: number[];
  /** One sentence: why the first is best, and what is wrong with the others. */
  reason: string;
};

type Flaws = { blinks: boolean; blurred: boolean };

type Criterion = { name: string; decide: (a: FrameFacts, b: FrameFacts) => number; says: (best: FrameFacts, next: FrameFacts) => string };

const round = (value: number): number => Math.round(value * 10) / 10;

function ratioDecides(a: number | null, b: number | null, margin: number): number {
  if (a === null || b === null || a <= 0 || b <= 0) return 0;
  if (a >= b * margin) return -1;
  if (b >= a * margin) return 1;
  return 0;
}

function gapDecides(a: number | null, b: number | null, margin: number): number {
  if (a === null || b === null || Math.abs(a - b) < margin) return 0;
  return a > b ? -1 : 1;
}

const CRITERIA: Criterion[] = [
  {
    name: 'eyes',
    decide: (a, b) => a.blinking - b.blinking,
    says: (best) => (best.blinking === 0 ? 'every eye open' : `fewest closed eyes (${best.blinking})`),
  },
  {
    name: 'face',
    decide: (a, b) => ratioDecides(a.faceSharpness, b.faceSharpness, FACE_SHARPNESS_MARGIN),
    says: (best, next) => `sharpest eyes (face sharpness ${round(best.faceSharpness!)} against ${round(next.faceSharpness!)})`,
  },
  {
    name: 'expression',
    decide: (a, b) => gapDecides(a.expression, b.expression, EXPRESSION_MARGIN),
    says: (best, next) => `best expression (${round(best.expression!)} against ${round(next.expression!)})`,
  },
  {
    name: 'score',
    decide: (a, b) => gapDecides(a.score, b.score, SCORE_MARGIN),
    says: (best, next) => `highest score (${round(best.score!)} against ${round(next.score!)})`,
  },
  {
    name: 'sharpness',
    decide: (a, b) => ratioDecides(a.sharpness, b.sharpness, SHARPNESS_MARGIN),
    says: (best, next) => `sharpest frame (${round(best.sharpness)} against ${round(next.sharpness)})`,
  },
];

/**
 * Orders a group's frames, best first: a clean frame (no blink, no blur) before any flawed one;
 * then fewer closed eyes, the main face sharper, the better expression where measured, the higher
 * score, the sharper frame; a tie on all of these goes to the earlier frame, and the reason says so.
 * Frames are numbered 1… in the order given (capture order).
 */
export function chooseBest(frames: readonly FrameFacts[]): BestFrame {
  if (frames.length === 0) return { order: [], reason: '' };
  if (frames.length === 1) return { order: [0], reason: 'a single frame' };
  const sharpest = Math.max(...frames.map((frame) => frame.sharpness));
  const flaws: Flaws[] = frames.map((frame) => ({
    blinks: frame.blinking > 0,
    blurred: frame.blurry || (sharpest > 0 && frame.sharpness < sharpest * SOFT_RATIO),
  }));
  const clean = (index: number): boolean => !flaws[index]!.blinks && !flaws[index]!.blurred;
  const compare = (a: number, b: number): number => {
    const cleanFirst = Number(clean(b)) - Number(clean(a));
    if (cleanFirst !== 0) return cleanFirst;
    for (const criterion of CRITERIA) {
      const decided = criterion.decide(frames[a]!, frames[b]!);
      if (decided !== 0) return decided;
    }
    return a - b;
  };
  const order = frames.map((_, index) => index).sort(compare);
  const best = order[0]!;
  const next = order[1]!;
  return { order, reason: explain(frames, flaws, best, next, clean(best) && !clean(next)) };
}

function explain(frames: readonly FrameFacts[], flaws: Flaws[], best: number, next: number, onlyCleanOnes: boolean): string {
  const parts: string[] = [];
  const bestFacts = frames[best]!;
  const nextFacts = frames[next]!;
  const decisive = CRITERIA.find((criterion) => criterion.decide(bestFacts, nextFacts) !== 0);
  if (onlyCleanOnes) {
    parts.push(flaws.filter((flaw) => !flaw.blinks && !flaw.blurred).length === 1 ? 'the only frame without a blink or blur' : 'no blink or blur');
  }
  if (decisive && !(onlyCleanOnes && decisive.name === 'eyes')) parts.push(decisive.says(bestFacts, nextFacts));
  if (!decisive) parts.push(`ties with frame ${next + 1} on eyes, sharpness and score; the earlier frame wins`);
  else if (!onlyCleanOnes && decisive.name !== 'eyes' && bestFacts.facesWithEyes && bestFacts.blinking === 0) parts.unshift('every eye open');
  flaws.forEach((flaw, index) => {
    if (index === best) return;
    const wrong = [flaw.blinks ? 'blinks' : null, flaw.blurred ? 'is blurred' : null].filter(Boolean).join(' and ');
    if (wrong) parts.push(`frame ${index + 1} ${wrong}`);
  });
  const sentence = parts.join('; ');
  return `Frame ${best + 1}: ${sentence}.`;
}
