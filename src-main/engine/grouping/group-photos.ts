import type { ContentEmbedding } from '../../../src-preload/contract/rating-result.js';
import { parseColourSignature } from './colour-signature.js';
import { FrameEmbeddings } from './content-embedding.js';
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
  /** Content embeddings (result `similarity.embeddings`); absent or null when no model gave one. */
  embeddings?: ReadonlyArray<ContentEmbedding> | null;
};

/**
 * Frames without a capture time (video frames, exports) are compared with this many following
 * files of their folder in name order: such frames are numbered in sequence, and comparing every
 * pair of a 10,000-file folder would cost 50 million comparisons.
 */
export const UNTIMED_WINDOW = 24;

/**
 * The user's edits, as constraints on indices of the input: `together` pairs are one group
 * whatever their similarity (a merge), `apart` pairs never share a group (a split), `alone`
 * photos stand by themselves (a detach). They hold across every regrouping.
 */
export type GroupingConstraints = {
  together?: ReadonlyArray<readonly [number, number]>;
  apart?: ReadonlyArray<readonly [number, number]>;
  alone?: ReadonlySet<number>;
};

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
export function groupPhotos(photos: readonly GroupingPhoto[], constraints: GroupingConstraints = {}): Grouping {
  const prepared: Prepared[] = photos.map((photo, index) => ({
    index,
    time: photo.capturedAtMs,
    hash: photo.perceptualHash ? splitHash(photo.perceptualHash) : null,
    colour: parseColourSignature(photo.colourSignature),
    embeddings: FrameEmbeddings.of(photo.embeddings),
  }));
  const alone = constraints.alone ?? new Set<number>();
  const links: Array<{ first: number; second: number; margin: number }> = [];
  let compared = 0;
  const tryLink = (first: Prepared, second: Prepared, gapSeconds: number | null): void => {
    if (alone.has(first.index) || alone.has(second.index)) return;
    compared++;
    // With a content embedding the pair is never hash-only: its threshold is the combined one.
    const pair = pairDistance(first, second, linkThreshold(gapSeconds, false));
    if (!pair) return;
    const margin = pair.distance - linkThreshold(gapSeconds, pair.hashOnly);
    if (margin <= 0) links.push({ first: first.index, second: second.index, margin });
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

  // A frame without a time is compared by pixels with its neighbours by name in its folder, timed
  // or not (an export without EXIF of a frame that has it is still the same shot).
  const byFolder = new Map<string, Prepared[]>();
  for (const photo of prepared) {
    const folder = photos[photo.index]!.folder;
    const list = byFolder.get(folder) ?? [];
    list.push(photo);
    byFolder.set(folder, list);
  }
  for (const list of byFolder.values()) {
    if (list.every((photo) => photo.time !== null)) continue;
    list.sort((a, b) => compareNames(photos[a.index]!.name, photos[b.index]!.name) || a.index - b.index);
    for (let start = 0; start < list.length; start++) {
      for (let next = start + 1; next < Math.min(list.length, start + 1 + UNTIMED_WINDOW); next++) {
        if (list[start]!.time === null || list[next]!.time === null) tryLink(list[start]!, list[next]!, null);
      }
    }
  }

  // Agglomerative: the user's merges first, then the closest links; a link that would put two
  // photos the user split apart into one group is skipped (its groups stay apart).
  const sets = new ConstrainedSets(photos.length, constraints.apart ?? []);
  for (const [first, second] of constraints.together ?? []) {
    if (!alone.has(first) && !alone.has(second)) sets.union(first, second);
  }
  links.sort((a, b) => a.margin - b.margin);
  let linked = 0;
  for (const link of links) if (sets.union(link.first, link.second)) linked++;

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

/** Union-find that refuses a union joining two photos kept apart. */
class ConstrainedSets {
  private readonly sets: UnionFind;
  /** For each root with constraints: the photos its members must stay apart from. */
  private readonly apartOf = new Map<number, Set<number>>();

  constructor(count: number, apart: ReadonlyArray<readonly [number, number]>) {
    this.sets = new UnionFind(count);
    for (const [first, second] of apart) {
      if (first === second) continue;
      this.apartSet(first).add(second);
      this.apartSet(second).add(first);
    }
  }

  private apartSet(root: number): Set<number> {
    let set = this.apartOf.get(root);
    if (!set) this.apartOf.set(root, (set = new Set()));
    return set;
  }

  find(element: number): number {
    return this.sets.find(element);
  }

  /** Joins the two groups unless that breaks a constraint; true when they were joined now. */
  union(first: number, second: number): boolean {
    const a = this.sets.find(first);
    const b = this.sets.find(second);
    if (a === b) return false;
    const apartA = this.apartOf.get(a);
    const apartB = this.apartOf.get(b);
    if (apartA && [...apartA].some((other) => this.sets.find(other) === b)) return false;
    if (apartB && [...apartB].some((other) => this.sets.find(other) === a)) return false;
    this.sets.union(a, b);
    const root = this.sets.find(a);
    const merged = new Set([...(apartA ?? []), ...(apartB ?? [])]);
    this.apartOf.delete(a);
    this.apartOf.delete(b);
    if (merged.size) this.apartOf.set(root, merged);
    return true;
  }
}

/**
 * Whether two photos would be linked by `groupPhotos` (ignoring the untimed window, which the
 * caller applies when choosing candidates): what a new photo joining the library is compared by.
 */
export function wouldLink(first: GroupingPhoto, second: GroupingPhoto): boolean {
  const timed = first.capturedAtMs !== null && second.capturedAtMs !== null;
  // Two timed frames are compared with time decay; a frame without a time by pixels, in its folder.
  if (!timed && first.folder !== second.folder) return false;
  const gapSeconds = timed ? Math.abs(second.capturedAtMs! - first.capturedAtMs!) / 1000 : null;
  if (gapSeconds !== null && gapSeconds > SCENE_GAP_S) return false;
  const features = (photo: GroupingPhoto): SimilarityFeatures => ({
    hash: photo.perceptualHash ? splitHash(photo.perceptualHash) : null,
    colour: parseColourSignature(photo.colourSignature),
    embeddings: FrameEmbeddings.of(photo.embeddings),
  });
  const pair = pairDistance(features(first), features(second));
  return pair !== null && pair.distance <= linkThreshold(gapSeconds, pair.hashOnly);
}

const NAME_ORDER = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function compareNames(first: string, second: string): number {
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
 * UTC only so that differences are right).
 */
export function captureTimeMs(capturedAt: string | null | undefined): number | null {
  if (!capturedAt) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/.exec(capturedAt);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const whole = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (Number.isNaN(whole)) return null;
  return whole + (fraction ? Number(`0.${fraction}`) * 1000 : 0);
}
