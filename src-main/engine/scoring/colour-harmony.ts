import type { RawImage } from '../image/raw-image.js';
import type { DimensionVerdict } from './embedded-dimensions.js';
import { round1, round3 } from './shapes.js';

/**
 * Colour harmony after Matsuda's hue templates (as used by Cohen-Or et al., "Color Harmonization",
 * 2006): a palette is harmonious when its saturated colours fall within a few sectors of the hue
 * wheel — one hue (i, 18°), analogous hues (V, 94°), a hue and its complement (I, 2 × 18°), a
 * hue with a square neighbour (L, 18° + 79°) or with a complement (Y, 94° + 18°). The value is the
 * share of the colour mass (each pixel weighted by its saturation) inside the best-fitting
 * template at its best rotation. The wide templates (T, 180°; X, 2 × 94°) are left out: they
 * would call almost any palette harmonious. A photo with almost no saturated colour
 * (black-and-white, muted) has nothing to clash and reads full harmony.
 */
type Sector = { centre: number; width: number };
const TEMPLATES: Record<string, Sector[]> = {
  i: [{ centre: 0, width: 18 }],
  V: [{ centre: 0, width: 93.6 }],
  I: [
    { centre: 0, width: 18 },
    { centre: 180, width: 18 },
  ],
  L: [
    { centre: 0, width: 18 },
    { centre: 90, width: 79.2 },
  ],
  Y: [
    { centre: 0, width: 93.6 },
    { centre: 180, width: 18 },
  ],
};
const BINS = 360;
/** Pixels less saturated than this (HSV) carry no hue worth judging. */
const MIN_SATURATION = 0.15;
/** Below this share of colourful pixels, the photo is treated as without a palette. */
const MIN_COLOURFUL_SHARE = 0.05;
const ROTATION_STEP = 2;

/** v / 255 for each 8-bit value: the same numbers as dividing, looked up. */
const UNIT = Float64Array.from({ length: 256 }, (_, value) => value / 255);

/** The saturation-weighted hue histogram (1° bins) over a pixel grid, and the share of colourful pixels. */
function hueHistogram(image: RawImage): { histogram: Float64Array; colourfulShare: number } {
  const histogram = new Float64Array(BINS);
  const { data, width, height } = image;
  // Every second pixel in both directions: a palette does not need every pixel.
  let sampled = 0;
  let colourful = 0;
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      const index = (y * width + x) * 3;
      // Extremes on the bytes, then the unit values: v / 255 keeps the order, so they are the same.
      const red = data[index]!;
      const green = data[index + 1]!;
      const blue = data[index + 2]!;
      const max = UNIT[red > green ? (red > blue ? red : blue) : green > blue ? green : blue]!;
      const min = UNIT[red < green ? (red < blue ? red : blue) : green < blue ? green : blue]!;
      sampled++;
      // Near-black and near-white pixels have unreliable hue.
      if (max < 0.12 || min > 0.95) continue;
      const r = UNIT[red]!;
      const g = UNIT[green]!;
      const b = UNIT[blue]!;
      const saturation = max === 0 ? 0 : (max - min) / max;
      if (saturation < MIN_SATURATION) continue;
      colourful++;
      const delta = max - min;
      // (g − b) / delta lies in [−1, 1], where "% 6" changes nothing; hue · 60 + 360 lies in
      // [300, 720), where "% 360" is an exact subtraction: the same values without two fmod calls.
      const sector = max === r ? (g - b) / delta : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
      let hue = sector * 60 + 360;
      if (hue >= 360) hue -= 360;
      histogram[Math.floor(hue) % BINS]! += saturation;
    }
  }
  return { histogram, colourfulShare: sampled ? colourful / sampled : 0 };
}

/** Whether hue bin `bin` falls inside one of `sectors` turned by `rotation` degrees. */
function binInside(bin: number, sectors: Sector[], rotation: number): boolean {
  const hue = bin + 0.5;
  return sectors.some((sector) => Math.abs(((hue - sector.centre - rotation + 540) % 360) - 180) <= sector.width / 2);
}

/**
 * For each template and rotation (in the search's order), the hue bins inside it. The same for
 * every photo, so it is worked out once per thread (on first use) instead of testing every bin
 * against every sector for every photo (≈ 9 ms a photo).
 */
let insideBins: Uint8Array[][] | null = null;
function templateMasks(): Uint8Array[][] {
  insideBins ??= Object.values(TEMPLATES).map((sectors) => {
    const masks: Uint8Array[] = [];
    for (let rotation = 0; rotation < 360; rotation += ROTATION_STEP) {
      const mask = new Uint8Array(BINS);
      for (let bin = 0; bin < BINS; bin++) mask[bin] = binInside(bin, sectors, rotation) ? 1 : 0;
      masks.push(mask);
    }
    return masks;
  });
  return insideBins;
}

/** Share of the hue mass inside `mask`, summed over the occupied bins in hue order. */
function insideShare(occupied: Int32Array, masses: Float64Array, total: number, mask: Uint8Array): number {
  let inside = 0;
  for (let k = 0; k < occupied.length; k++) if (mask[occupied[k]!] === 1) inside += masses[k]!;
  return inside / total;
}

export function colourHarmony(image: RawImage): DimensionVerdict {
  const { histogram, colourfulShare } = hueHistogram(image);
  const formula =
    '10 × share of the saturation-weighted hue mass inside the best-fitting Matsuda template (i, V, I, L, Y) at its best rotation; 10 when under 5 % of the pixels are colourful (template: 0 i, 1 V, 2 I, 3 L, 4 Y)';
  const total = histogram.reduce((sum, mass) => sum + mass, 0);
  if (colourfulShare < MIN_COLOURFUL_SHARE || total === 0) {
    return { value: 10, formula, measures: { colourful_share: round3(colourfulShare) } };
  }
  // The occupied bins, in hue order: empty bins add nothing, so the sums are those of all 360 bins.
  const occupiedBins = [...histogram.keys()].filter((bin) => histogram[bin]! !== 0);
  const occupied = Int32Array.from(occupiedBins);
  const masses = Float64Array.from(occupiedBins, (bin) => histogram[bin]!);
  let best = 0;
  let bestTemplate = 0;
  templateMasks().forEach((masks, templateIndex) => {
    for (const mask of masks) {
      const share = insideShare(occupied, masses, total, mask);
      if (share > best) {
        best = share;
        bestTemplate = templateIndex;
      }
    }
  });
  return { value: round1(10 * best), formula, measures: { colourful_share: round3(colourfulShare), inside_template: round3(best), template: bestTemplate } };
}
