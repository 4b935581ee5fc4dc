import { createHash } from 'node:crypto';

/**
 * The golden set: a quarter of the user's own decisions, held out by shoot and burst, never
 * trained on. Near-duplicates (perceptual hashes a few bits apart: a burst, a re-export, a
 * degraded copy) and frames shot within seconds of each other form one group, and a group goes to
 * one side only, so the model is never judged on a photo it learned from in another guise.
 *
 * Sides are kept in the catalog: an image once assigned stays on its side. When a new photo joins
 * two groups that were split apart, its golden members stay golden and the rest leave training.
 */
export type SplitImage = { imageHash: string; perceptualHash: string | null; capturedAt: string | null; firstParty: boolean };
export type Side = 'golden' | 'train';
export type SplitAssignment = { imageHash: string; side: Side; groupKey: string };

export const GOLDEN_FRACTION = 0.25;
/** Hamming distance (of 64 bits) up to which two perceptual hashes are the same picture. */
export const NEAR_DUPLICATE_BITS = 10;
/** Frames this close in capture time, and this alike, are one burst (a moving subject changes the
 * hash more than a re-export does; a shared timestamp alone is no proof: copies without a real
 * clock, or a camera's default date, would fuse a whole library into one group). */
export const BURST_SECONDS = 2;
export const BURST_BITS = 22;
const BURST_NEIGHBOURS = 8;

function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!;
      i = this.parent[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Groups of images that must stay on one side, each named by its smallest image hash. */
export function groupImages(images: readonly SplitImage[]): Map<string, string> {
  const sorted = [...images].sort((a, b) => (a.imageHash < b.imageHash ? -1 : 1));
  const groups = new UnionFind(sorted.length);
  const high = new Int32Array(sorted.length);
  const low = new Int32Array(sorted.length);
  const hashed = sorted.map((image, i) => {
    const hex = image.perceptualHash ?? '';
    if (!/^[0-9a-f]{16}$/i.test(hex)) return false;
    high[i] = Number.parseInt(hex.slice(0, 8), 16) | 0;
    low[i] = Number.parseInt(hex.slice(8), 16) | 0;
    return true;
  });
  // Every pair (50 M at 10,000 decisions: a fraction of a second over typed arrays).
  const count = sorted.length;
  for (let i = 0; i < count; i++) {
    if (!hashed[i]) continue;
    const hi = high[i]!;
    const lo = low[i]!;
    for (let j = i + 1; j < count; j++) {
      if (popcount32(hi ^ high[j]!) + popcount32(lo ^ low[j]!) <= NEAR_DUPLICATE_BITS && hashed[j]) groups.union(i, j);
    }
  }
  const timed = sorted
    .map((image, index) => ({ index, time: image.capturedAt ? Date.parse(`${image.capturedAt}Z`) : Number.NaN }))
    .filter((entry) => Number.isFinite(entry.time))
    .sort((a, b) => a.time - b.time);
  const distance = (i: number, j: number) => popcount32(high[i]! ^ high[j]!) + popcount32(low[i]! ^ low[j]!);
  // Near neighbours in time only: a burst is a chain of frames, each close to one just before it.
  // (Comparing every pair that shares a clock reading would, in a library of copies with one
  // made-up date, chain thousands of unrelated pictures through chance resemblances.)
  for (let k = 0; k < timed.length; k++) {
    for (let m = k + 1; m < Math.min(timed.length, k + 1 + BURST_NEIGHBOURS) && timed[m]!.time - timed[k]!.time <= BURST_SECONDS * 1000; m++) {
      const [i, j] = [timed[k]!.index, timed[m]!.index];
      // Without perceptual hashes to compare, the time alone decides.
      if (!hashed[i] || !hashed[j] || distance(i, j) <= BURST_BITS) groups.union(i, j);
    }
  }
  return new Map(sorted.map((image, i) => [image.imageHash, sorted[groups.find(i)]!.imageHash]));
}

const order = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * Every image's side: kept sides stay; a new image takes its group's side; a new group goes golden
 * while the golden share of the user's decisions is under `GOLDEN_FRACTION` (groups taken in a
 * fixed pseudo-random order, so the same library splits the same way). Returns the sides (images
 * of a split group that are on neither side are absent) and the assignments to store.
 */
export function assignSides(images: readonly SplitImage[], kept: ReadonlyMap<string, Side>): { sides: Map<string, Side>; added: SplitAssignment[] } {
  const groupOf = groupImages(images);
  const members = new Map<string, SplitImage[]>();
  for (const image of images) {
    const key = groupOf.get(image.imageHash)!;
    members.set(key, [...(members.get(key) ?? []), image]);
  }
  const sides = new Map<string, Side>();
  const added: SplitAssignment[] = [];
  let golden = 0;
  let total = 0;
  const fresh: Array<[string, SplitImage[]]> = [];
  for (const [key, group] of members) {
    const keptSides = new Set(group.map((image) => kept.get(image.imageHash)).filter((side): side is Side => side !== undefined));
    const counted = group.filter((image) => image.firstParty).length;
    if (keptSides.size === 0) {
      fresh.push([key, group]);
      continue;
    }
    total += counted;
    const side: Side = keptSides.has('golden') ? 'golden' : 'train';
    if (side === 'golden') golden += counted;
    for (const image of group) {
      const own = kept.get(image.imageHash);
      // A trained-on image in a group that is now golden is used for neither side from now on.
      if (own === 'train' && side === 'golden') continue;
      sides.set(image.imageHash, side);
      if (!own) added.push({ imageHash: image.imageHash, side, groupKey: key });
    }
  }
  const rank = new Map(fresh.map(([key]) => [key, order(key)]));
  fresh.sort((a, b) => (rank.get(a[0])! < rank.get(b[0])! ? -1 : 1));
  for (const [key, group] of fresh) {
    const counted = group.filter((image) => image.firstParty).length;
    // Only the user's own decisions can judge: groups without them always train.
    const side: Side = counted > 0 && golden < GOLDEN_FRACTION * (total + counted) ? 'golden' : 'train';
    total += counted;
    if (side === 'golden') golden += counted;
    for (const image of group) {
      sides.set(image.imageHash, side);
      added.push({ imageHash: image.imageHash, side, groupKey: key });
    }
  }
  return { sides, added };
}
