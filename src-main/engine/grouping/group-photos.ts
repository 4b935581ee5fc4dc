import { parseColourSignature } from './colour-signature.js';
import { linkThreshold, pairDistance, SCENE_GAP_S, splitHash, type SimilarityFeatures } from './similarity.js';
import { UnionFind } from './union-find.js';

/** What grouping needs of a photo: fields of its rating result and where its file is. */
export type GroupingPhoto = {
  /** The caller's handle (a path, a photo id): groups list these. */
  key: string;
  /** Frames without capture times are compared only with their neighbours in this folder's name order. */
  folder: string;
  name: string;
  /** Milliseconds since the epoch of the camera's wall clock; null without EXIF. */
  capturedAtMs: number | null;
  perceptualHash: string | null;
  colourSignature: string | null;
};

/**
 * Frames without a capture time (video frames, exports) are compared with this many following
 * files of their folder in name order: such frames are numbered in sequence, and comparing every
 * pair of a 10,000-file folder would cost 50 million comparisons.
 */
export const UNTIMED_WINDOW = 24;

export type Grouping = {
  /** Each group's members (indices into the input), in capture order; singletons included. */
  groups: number[][];
  /** Pairs compared and pairs linked: what the work cost. */
  compared: number;
  linked: number;
};

type Prepared = SimilarityFeatures & { index: number; time: number | null };

/**
 * Splits photos into bursts: scenes by capture-time gaps (no comparison across a gap longer than
 * SCENE_GAP_S), near-duplicate links inside a scene by the combined similarity with time decay,
 * frames without capture times by pixels alone; linked frames form one group (union-find).
 */
export function groupPhotos(photos: readonly GroupingPhoto[]): Grouping {
  const prepared: Prepared[] = photos.map((photo, index) => ({
    index,
    time: photo.capturedAtMs,
    hash: photo.perceptualHash ? splitHash(photo.perceptualHash) : null,
    colour: parseColourSignature(photo.colourSignature),
  }));
  const sets = new UnionFind(photos.length);
  let compared = 0;
  let linked = 0;
  const tryLink = (first: Prepared, second: Prepared, gapSeconds: number | null): void => {
    compared++;
    const pair = pairDistance(first, second);
    if (pair && pair.distance <= linkThreshold(gapSeconds, pair.hashOnly)) {
      sets.union(first.index, second.index);
      linked++;
    }
  };

  const timed = prepared.filter((photo) => photo.time !== null).sort((a, b) => a.time! - b.time! || a.index - b.index);
  for (let start = 0; start < timed.length; start++) {
    const first = timed[start]!;
    for (let next = start + 1; next < timed.length; next++) {
      const second = timed[next]!;
      const gapSeconds = (second.time! - first.time!) / 1000;
      if (gapSeconds > SCENE_GAP_S) break;
      tryLink(first, second, gapSeconds);
    }
  }

  const untimedByFolder = new Map<string, Prepared[]>();
  for (const photo of prepared) {
    if (photo.time !== null) continue;
    const folder = photos[photo.index]!.folder;
    const list = untimedByFolder.get(folder) ?? [];
    list.push(photo);
    untimedByFolder.set(folder, list);
  }
  for (const list of untimedByFolder.values()) {
    list.sort((a, b) => compareNames(photos[a.index]!.name, photos[b.index]!.name) || a.index - b.index);
    for (let start = 0; start < list.length; start++) {
      for (let next = start + 1; next < Math.min(list.length, start + 1 + UNTIMED_WINDOW); next++) tryLink(list[start]!, list[next]!, null);
    }
  }

  const byRoot = new Map<number, number[]>();
  for (let index = 0; index < photos.length; index++) {
    const root = sets.find(index);
    const members = byRoot.get(root) ?? [];
    members.push(index);
    byRoot.set(root, members);
  }
  const inCaptureOrder = (a: number, b: number): number => compareCapture(photos[a]!, photos[b]!) || a - b;
  const groups = [...byRoot.values()].map((members) => members.sort(inCaptureOrder)).sort((a, b) => inCaptureOrder(a[0]!, b[0]!));
  return { groups, compared, linked };
}

const NAME_ORDER = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareNames(first: string, second: string): number {
  return NAME_ORDER.compare(first, second);
}

/** Timed frames by time, then the rest by folder and name: the order frames are numbered in. */
export function compareCapture(first: GroupingPhoto, second: GroupingPhoto): number {
  if (first.capturedAtMs !== null && second.capturedAtMs !== null && first.capturedAtMs !== second.capturedAtMs) {
    return first.capturedAtMs - second.capturedAtMs;
  }
  if (first.capturedAtMs !== null && second.capturedAtMs === null) return -1;
  if (first.capturedAtMs === null && second.capturedAtMs !== null) return 1;
  return compareNames(first.folder, second.folder) || compareNames(first.name, second.name);
}

/**
 * A capture time in milliseconds from `YYYY-MM-DDTHH:MM:SS[.fff]` (the camera's wall clock, read as
 * UTC only so that differences are right), plus sub-seconds given apart where the source has them.
 */
export function captureTimeMs(capturedAt: string | null | undefined, subSeconds?: number | null): number | null {
  if (!capturedAt) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/.exec(capturedAt);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const whole = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (Number.isNaN(whole)) return null;
  const fractionMs = fraction ? Number(`0.${fraction}`) * 1000 : typeof subSeconds === 'number' && Number.isFinite(subSeconds) ? subSeconds * 1000 : 0;
  return whole + fractionMs;
}
