import type { RawImage } from '../image/raw-image.js';
import type { DimensionVerdict } from './embedded-dimensions.js';
import { ramp, round1, round3 } from './shapes.js';

/**
 * Skin on the main face, measured on its 256² crop (the face box from brows to chin) in two
 * cheek patches and one on the nose bridge, where a face is skin whatever the hair or beard:
 *   - hue: the angle of the skin's mean chroma on the vectorscope (U/V plane). Every human skin tone, light or
 *     dark, lies on one line of the video vectorscope (the "skin-tone line", about 123°); they differ
 *     in lightness and saturation, not in hue. A skin hue off that line is a colour cast (white
 *     balance, mixed light), so the measure says how naturally skin is rendered and nothing about
 *     whose skin it is. No skin tone, lightness or saturation enters the value.
 *   - texture: the median |Laplacian| inside the patches over the face's P99 |Laplacian| (the sharp
 *     features: eyes, lips, edges) — noise, blotches and grain on the skin read high, smooth skin on
 *     a sharp face low; and the spread of V (red minus luma) across the patches (blotchy redness reads high).
 */
export type SkinMeasures = {
  /** Degrees: the skin's mean chroma angle on the vectorscope, U (B − Y) to the right, V (R − Y) up. */
  hue_angle: number;
  /** Mean chroma magnitude (0–0.5 scale): below 0.01 there is no colour to judge (black-and-white). */
  chroma: number;
  /** Median |Laplacian| in the skin patches over the face's P99 |Laplacian|. */
  texture: number;
  /** Standard deviation of V (the red-minus-luma axis) over the skin patch pixels. */
  redness_spread: number;
};

/** Patches as fractions of the face box: left, top, right, bottom. */
const PATCHES: ReadonlyArray<[number, number, number, number]> = [
  [0.2, 0.5, 0.38, 0.68],
  [0.62, 0.5, 0.8, 0.68],
  [0.44, 0.38, 0.56, 0.56],
];
export const SKIN_TONE_LINE_DEGREES = 123;
const MIN_CHROMA = 0.01;

export function measureSkin(crop: RawImage, faceP99: number): SkinMeasures | null {
  const { data, width, height } = crop;
  let cbSum = 0;
  let crSum = 0;
  let crSquares = 0;
  let count = 0;
  const responses: number[] = [];
  const lumaAt = (x: number, y: number): number => {
    const index = (y * width + x) * 3;
    return 0.2126 * data[index]! + 0.7152 * data[index + 1]! + 0.0722 * data[index + 2]!;
  };
  for (const [left, top, right, bottom] of PATCHES) {
    for (let y = Math.max(1, Math.floor(top * height)); y < Math.min(height - 1, Math.ceil(bottom * height)); y++) {
      for (let x = Math.max(1, Math.floor(left * width)); x < Math.min(width - 1, Math.ceil(right * width)); x++) {
        const index = (y * width + x) * 3;
        const [r, g, b] = [data[index]! / 255, data[index + 1]! / 255, data[index + 2]! / 255];
        // The vectorscope's axes: U = 0.492 (B − Y), V = 0.877 (R − Y), Y with Rec. 601 weights.
        const luma = 0.299 * r + 0.587 * g + 0.114 * b;
        // Deep shadow and blown highlights carry no skin colour.
        if (luma < 0.08 || luma > 0.97) continue;
        const cb = 0.492 * (b - luma);
        const cr = 0.877 * (r - luma);
        cbSum += cb;
        crSum += cr;
        crSquares += cr * cr;
        count++;
        responses.push(Math.abs(lumaAt(x - 1, y) + lumaAt(x + 1, y) + lumaAt(x, y - 1) + lumaAt(x, y + 1) - 4 * lumaAt(x, y)));
      }
    }
  }
  if (count < 50) return null;
  const cb = cbSum / count;
  const cr = crSum / count;
  responses.sort((a, b) => a - b);
  const median = responses[Math.floor(responses.length / 2)]!;
  return {
    hue_angle: Math.round(((Math.atan2(cr, cb) * 180) / Math.PI) * 10) / 10,
    chroma: round3(Math.hypot(cb, cr)),
    texture: round3(median / Math.max(1, faceP99)),
    redness_spread: round3(Math.sqrt(Math.max(0, crSquares / count - cr * cr))),
  };
}

/** facial_skin_tone: how near the vectorscope's skin-tone line the skin's hue is; null without colour. */
export function skinToneVerdict(skin: SkinMeasures | null): DimensionVerdict | null {
  if (!skin || skin.chroma < MIN_CHROMA) return null;
  const offset = Math.abs(skin.hue_angle - SKIN_TONE_LINE_DEGREES);
  return {
    value: round1(10 * (1 - ramp(offset, 6, 35))),
    formula: '10 × (1 − ramp(|skin hue angle − 123° (the vectorscope skin-tone line)|, 6°→35°)), skin = cheek and nose patches of the main face',
    measures: { hue_angle: skin.hue_angle, offset_from_skin_line: Math.round(offset * 10) / 10, chroma: skin.chroma },
  };
}

/** skin_quality: smooth, even skin on a sharp face; noise, grain and blotchy redness lower it. */
export function skinQualityVerdict(skin: SkinMeasures | null): DimensionVerdict | null {
  if (!skin) return null;
  return {
    value: round1(10 * (0.7 * ramp(skin.texture, 0.25, 0.06) + 0.3 * ramp(skin.redness_spread, 0.04, 0.015))),
    formula: '10 × (0.7·ramp(skin median |Laplacian| / face P99 |Laplacian|, 0.25→0.06) + 0.3·ramp(V spread on the skin, 0.040→0.015))',
    measures: { texture: skin.texture, redness_spread: skin.redness_spread },
  };
}
