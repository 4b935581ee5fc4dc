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
      const r = data[index]! / 255;
      const g = data[index + 1]! / 255;
      const b = data[index + 2]! / 255;
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      sampled++;
      // Near-black and near-white pixels have unreliable hue.
      if (max < 0.12 || min > 0.95) continue;
      const saturation = max === 0 ? 0 : (max - min) / max;
      if (saturation < MIN_SATURATION) continue;
      colourful++;
      const delta = max - min;
      let hue = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
      hue = (hue * 60 + 360) % 360;
      histogram[Math.floor(hue) % BINS]! += saturation;
    }
  }
  return { histogram, colourfulShare: sampled ? colourful / sampled : 0 };
}

function insideShare(histogram: Float64Array, total: number, sectors: Sector[], rotation: number): number {
  let inside = 0;
  for (let bin = 0; bin < BINS; bin++) {
    const mass = histogram[bin]!;
    if (mass === 0) continue;
    const hue = bin + 0.5;
    for (const sector of sectors) {
      const offset = Math.abs(((hue - sector.centre - rotation + 540) % 360) - 180);
      if (offset <= sector.width / 2) {
        inside += mass;
        break;
      }
    }
  }
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
  let best = 0;
  let bestTemplate = 0;
  const names = Object.keys(TEMPLATES);
  names.forEach((name, templateIndex) => {
    for (let rotation = 0; rotation < 360; rotation += ROTATION_STEP) {
      const share = insideShare(histogram, total, TEMPLATES[name]!, rotation);
      if (share > best) {
        best = share;
        bestTemplate = templateIndex;
      }
    }
  });
  return { value: round1(10 * best), formula, measures: { colourful_share: round3(colourfulShare), inside_template: round3(best), template: bestTemplate } };
}
