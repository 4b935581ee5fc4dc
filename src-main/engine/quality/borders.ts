import type { ContentBox } from '../../../src-preload/contract/rating-result.js';

/**
 * Finds letterbox / pillarbox bars: uniform strips of one colour on two opposite edges, as left by
 * screenshots of video, re-framed exports and phone wallpapers. Exposure and sharpness are measured
 * inside them, so black bars don't make a well-exposed portrait "underexposed".
 */

export type BorderReport = {
  box: ContentBox;
  /** True when bars were found on two opposite edges. */
  letterboxed: boolean;
  /** Fraction of the frame the bars cover, 0–1. */
  barFraction: number;
};

/** Luma spread (0–255) a strip may have and still count as a flat bar. */
const FLAT_SPREAD = 6;
/** A bar must cover at least this fraction of its dimension to count. */
const MIN_BAR_FRACTION = 0.02;
/** Opposite bars must be this similar in thickness (smaller / larger): bars are centred framing. */
const MIN_BAR_SYMMETRY = 0.5;
/**
 * Where a bar ends, the picture must begin along most of the edge: a straight border. A subject
 * standing in front of a seamless backdrop touches the "bar" only in a few places, so it is not
 * mistaken for a pillarbox.
 */
const MIN_EDGE_CONTRAST_FRACTION = 0.5;
const EDGE_SEARCH_STRIPS = 4;

function isFlatStrip(luma: Uint8Array, start: number, step: number, count: number, reference: number): boolean {
  let low = Infinity;
  let high = -Infinity;
  for (let index = 0, offset = start; index < count; index++, offset += step) {
    const value = luma[offset]!;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return high - low <= FLAT_SPREAD && Math.abs((high + low) / 2 - reference) <= FLAT_SPREAD;
}

function barThickness(luma: Uint8Array, width: number, height: number, edge: 'top' | 'bottom' | 'left' | 'right'): number {
  const rows = edge === 'top' || edge === 'bottom';
  const limit = Math.floor((rows ? height : width) / 2);
  const stripStart = (position: number): number => {
    switch (edge) {
      case 'top':
        return position * width;
      case 'bottom':
        return (height - 1 - position) * width;
      case 'left':
        return position;
      case 'right':
        return width - 1 - position;
    }
  };
  const step = rows ? 1 : width;
  const count = rows ? width : height;
  const reference = luma[stripStart(0)]!;
  let thickness = 0;
  while (thickness < limit && isFlatStrip(luma, stripStart(thickness), step, count, reference)) thickness++;
  if (thickness === 0 || thickness >= limit) return thickness;
  // The edge may be a soft ramp (a small photo enlarged to the canonical scale, JPEG ringing):
  // look a few strips in for the picture's edge.
  for (let inset = 0; inset < EDGE_SEARCH_STRIPS && thickness + inset < limit; inset++) {
    let contrasting = 0;
    for (let index = 0, offset = stripStart(thickness + inset); index < count; index++, offset += step) {
      if (Math.abs(luma[offset]! - reference) > FLAT_SPREAD) contrasting++;
    }
    if (contrasting / count >= MIN_EDGE_CONTRAST_FRACTION) return thickness;
  }
  return 0;
}

function pairedBars(first: number, second: number, dimension: number): [number, number] {
  const minimum = dimension * MIN_BAR_FRACTION;
  if (first < minimum || second < minimum) return [0, 0];
  if (Math.min(first, second) / Math.max(first, second) < MIN_BAR_SYMMETRY) return [0, 0];
  return [first, second];
}

export function findContentBox(luma: Uint8Array, width: number, height: number): BorderReport {
  const [top, bottom] = pairedBars(barThickness(luma, width, height, 'top'), barThickness(luma, width, height, 'bottom'), height);
  const [left, right] = pairedBars(barThickness(luma, width, height, 'left'), barThickness(luma, width, height, 'right'), width);
  const box = { left, top, width: width - left - right, height: height - top - bottom };
  // A frame that is all "bar" is a flat image, not a letterbox.
  if (box.width < width * 0.1 || box.height < height * 0.1) {
    return { box: { left: 0, top: 0, width, height }, letterboxed: false, barFraction: 0 };
  }
  const barFraction = 1 - (box.width * box.height) / (width * height);
  return { box, letterboxed: barFraction > 0, barFraction: Math.round(barFraction * 10_000) / 10_000 };
}

/** Copies the pixels inside `box` out of an interleaved buffer with `channels` values per pixel. */
export function cropInterleaved<T extends Uint8Array>(
  source: T,
  width: number,
  channels: number,
  box: ContentBox,
  make: (length: number) => T,
): T {
  const out = make(box.width * box.height * channels);
  const rowLength = box.width * channels;
  for (let row = 0; row < box.height; row++) {
    const from = ((box.top + row) * width + box.left) * channels;
    out.set(source.subarray(from, from + rowLength), row * rowLength);
  }
  return out;
}
