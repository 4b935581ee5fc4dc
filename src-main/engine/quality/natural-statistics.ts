/**
 * Natural-scene statistics of the whole picture, the measures of BRISQUE (Mittal, Moorthy & Bovik,
 * "No-Reference Image Quality Assessment in the Spatial Domain", IEEE TIP 21(12), 2012), computed
 * here from their published definitions:
 *
 *   1. Luma (0–255) at NSS_LONG_SIDE_PX is normalised by its local mean and contrast (a 7×7
 *      Gaussian window, σ = 7/6): MSCN = (I − μ) / (σ + 1). For an undistorted photo these
 *      coefficients follow a near-Gaussian law; blur makes it peakier, noise flatter, JPEG blocks
 *      and ringing skew it.
 *   2. A generalised Gaussian fitted by moments to the MSCN coefficients gives its shape α and
 *      variance σ² (2 numbers).
 *   3. The products of neighbouring coefficients along four directions (horizontal, vertical, both
 *      diagonals) are fitted by an asymmetric generalised Gaussian: shape, mean, left and right
 *      variance (4 × 4 numbers). Correlated neighbours (blur) push the mean up; noise pulls it down.
 *   4. The same 18 numbers again at half that scale: 36 in all.
 *   5. Four more of the whole picture: mean and spread of HSV saturation, the entropy of the luma
 *      histogram (bits) and JPEG blockiness (mean |step| across 8-pixel block borders over the mean
 *      |step| inside blocks; ≈ 1 without visible blocks).
 *
 * Measured at one fixed scale (≤ 512 px long side), so a 24 MP photo and a 512 px one are read at
 * the same size, the size the score's weights were fitted on.
 */
export const NSS_LONG_SIDE_PX = 512;

/** The 40 numbers, in the order of NSS_FEATURE_NAMES. */
export type NaturalStatisticsVector = number[];

const PAIR_NAMES = ['h', 'v', 'd1', 'd2'] as const;
const scaleNames = (scale: string): string[] => [
  `mscn_shape_${scale}`,
  `mscn_variance_${scale}`,
  ...PAIR_NAMES.flatMap((pair) => [`${pair}_shape_${scale}`, `${pair}_mean_${scale}`, `${pair}_left_variance_${scale}`, `${pair}_right_variance_${scale}`]),
];
export const NSS_FEATURE_NAMES: readonly string[] = [...scaleNames('s1'), ...scaleNames('s2'), 'saturation_mean', 'saturation_spread', 'luma_entropy', 'blockiness'];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; ~15 significant digits). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Shapes tried by the moment-matching fits, 0.2–10 in steps of 0.001 (as BRISQUE's reference). */
const SHAPES = Array.from({ length: 9801 }, (_, i) => 0.2 + i * 0.001);
/** Γ(2/α)² / (Γ(1/α)·Γ(3/α)) for each shape: the ratio (E|x|)² / E[x²] of a generalised Gaussian. */
const SHAPE_RATIOS = SHAPES.map((shape) => Math.exp(2 * logGamma(2 / shape) - logGamma(1 / shape) - logGamma(3 / shape)));

function shapeFor(ratio: number): number {
  // The ratio grows with the shape: binary search for the nearest tabulated value.
  let low = 0;
  let high = SHAPE_RATIOS.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (SHAPE_RATIOS[middle]! < ratio) low = middle;
    else high = middle;
  }
  return Math.abs(SHAPE_RATIOS[low]! - ratio) <= Math.abs(SHAPE_RATIOS[high]! - ratio) ? SHAPES[low]! : SHAPES[high]!;
}

/** Sums a generalised-Gaussian fit needs: count, Σ|x|, Σx², and Σx² and count of each sign. */
type Moments = { count: number; sumAbs: number; sumSquares: number; leftSquares: number; leftCount: number; rightSquares: number; rightCount: number };

function moments(): Moments {
  return { count: 0, sumAbs: 0, sumSquares: 0, leftSquares: 0, leftCount: 0, rightSquares: 0, rightCount: 0 };
}

function add(into: Moments, value: number): void {
  const square = value * value;
  into.count++;
  into.sumSquares += square;
  if (value < 0) {
    into.sumAbs -= value;
    into.leftSquares += square;
    into.leftCount++;
  } else if (value > 0) {
    into.sumAbs += value;
    into.rightSquares += square;
    into.rightCount++;
  }
}

function fitGgd(m: Moments): [number, number] {
  const variance = m.sumSquares / m.count;
  const meanAbs = m.sumAbs / m.count;
  if (variance === 0) return [SHAPES[SHAPES.length - 1]!, 0];
  return [shapeFor((meanAbs * meanAbs) / variance), variance];
}

function fitAggd(m: Moments): [number, number, number, number] {
  const leftVariance = m.leftCount > 0 ? m.leftSquares / m.leftCount : 0;
  const rightVariance = m.rightCount > 0 ? m.rightSquares / m.rightCount : 0;
  if (m.sumSquares === 0 || leftVariance === 0 || rightVariance === 0) return [SHAPES[SHAPES.length - 1]!, 0, leftVariance, rightVariance];
  const gammaHat = Math.sqrt(leftVariance) / Math.sqrt(rightVariance);
  const meanAbs = m.sumAbs / m.count;
  const rHat = (meanAbs * meanAbs) / (m.sumSquares / m.count);
  const rHatNorm = (rHat * (gammaHat ** 3 + 1) * (gammaHat + 1)) / (gammaHat * gammaHat + 1) ** 2;
  const shape = shapeFor(rHatNorm);
  const scale = Math.exp(logGamma(2 / shape) - logGamma(1 / shape) + 0.5 * (logGamma(1 / shape) - logGamma(3 / shape)));
  const mean = (Math.sqrt(rightVariance) - Math.sqrt(leftVariance)) * scale;
  return [shape, mean, leftVariance, rightVariance];
}

/** 7×7 Gaussian, σ = 7/6, normalised (separable: one 7-tap kernel applied along rows then columns). */
const WINDOW = (() => {
  const taps = [-3, -2, -1, 0, 1, 2, 3].map((offset) => Math.exp(-(offset * offset) / (2 * (7 / 6) ** 2)));
  const sum = taps.reduce((a, b) => a + b, 0);
  return taps.map((tap) => tap / sum);
})();

/** The 7 taps of WINDOW as locals for the hot loops (the same numbers). */
const [TAP0, TAP1, TAP2, TAP3, TAP4, TAP5, TAP6] = WINDOW as [number, number, number, number, number, number, number];

/**
 * One 7-tap pass of WINDOW along the row of `count` values at `start` in `source`, edges
 * replicated, blurring the values and their squares into `mean` and `squares` (at the same
 * positions). The taps are summed in the same order (offset −3 to +3) everywhere; only the
 * interior skips the clamping, so the sums are the same numbers as a clamped loop's.
 */
function blurRow(source: Float32Array, mean: Float32Array, squares: Float32Array, start: number, count: number): void {
  for (let x = 0; x < count; x++) {
    let sum = 0;
    let squareSum = 0;
    if (x >= 3 && x < count - 3) {
      const at = start + x;
      const v0 = source[at - 3]!;
      const v1 = source[at - 2]!;
      const v2 = source[at - 1]!;
      const v3 = source[at]!;
      const v4 = source[at + 1]!;
      const v5 = source[at + 2]!;
      const v6 = source[at + 3]!;
      sum += TAP0 * v0;
      squareSum += TAP0 * v0 * v0;
      sum += TAP1 * v1;
      squareSum += TAP1 * v1 * v1;
      sum += TAP2 * v2;
      squareSum += TAP2 * v2 * v2;
      sum += TAP3 * v3;
      squareSum += TAP3 * v3 * v3;
      sum += TAP4 * v4;
      squareSum += TAP4 * v4 * v4;
      sum += TAP5 * v5;
      squareSum += TAP5 * v5 * v5;
      sum += TAP6 * v6;
      squareSum += TAP6 * v6 * v6;
    } else {
      for (let k = -3; k <= 3; k++) {
        const xx = x + k < 0 ? 0 : x + k >= count ? count - 1 : x + k;
        const value = source[start + xx]!;
        const tap = WINDOW[k + 3]!;
        sum += tap * value;
        squareSum += tap * value * value;
      }
    }
    mean[start + x] = sum;
    squares[start + x] = squareSum;
  }
}

/**
 * MSCN coefficients: (I − μ) / (σ + 1), μ and σ from the 7×7 Gaussian window (separable, edges
 * replicated). The local mean of I and of I² are blurred together in one pass per direction.
 */
function mscn(image: Float32Array, width: number, height: number): Float32Array {
  const rowMean = new Float32Array(image.length);
  const rowSquares = new Float32Array(image.length);
  for (let y = 0; y < height; y++) blurRow(image, rowMean, rowSquares, y * width, width);
  const out = new Float32Array(image.length);
  for (let y = 0; y < height; y++) {
    // Rows y − 3 … y + 3, clamped to the frame (edges replicated).
    const r0 = Math.max(0, y - 3) * width;
    const r1 = Math.max(0, y - 2) * width;
    const r2 = Math.max(0, y - 1) * width;
    const r3 = y * width;
    const r4 = Math.min(height - 1, y + 1) * width;
    const r5 = Math.min(height - 1, y + 2) * width;
    const r6 = Math.min(height - 1, y + 3) * width;
    for (let x = 0; x < width; x++) {
      let mean = 0;
      let squares = 0;
      mean += TAP0 * rowMean[r0 + x]!;
      squares += TAP0 * rowSquares[r0 + x]!;
      mean += TAP1 * rowMean[r1 + x]!;
      squares += TAP1 * rowSquares[r1 + x]!;
      mean += TAP2 * rowMean[r2 + x]!;
      squares += TAP2 * rowSquares[r2 + x]!;
      mean += TAP3 * rowMean[r3 + x]!;
      squares += TAP3 * rowSquares[r3 + x]!;
      mean += TAP4 * rowMean[r4 + x]!;
      squares += TAP4 * rowSquares[r4 + x]!;
      mean += TAP5 * rowMean[r5 + x]!;
      squares += TAP5 * rowSquares[r5 + x]!;
      mean += TAP6 * rowMean[r6 + x]!;
      squares += TAP6 * rowSquares[r6 + x]!;
      const i = r3 + x;
      out[i] = (image[i]! - mean) / (Math.sqrt(Math.abs(squares - mean * mean)) + 1);
    }
  }
  return out;
}

function scaleFeatures(image: Float32Array, width: number, height: number): number[] {
  const coefficients = mscn(image, width, height);
  const single = moments();
  // Neighbour products: right, below, below-right, below-left.
  const pairs = [moments(), moments(), moments(), moments()] as const;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const value = coefficients[i]!;
      add(single, value);
      if (x + 1 < width) add(pairs[0], value * coefficients[i + 1]!);
      if (y + 1 < height) {
        add(pairs[1], value * coefficients[i + width]!);
        if (x + 1 < width) add(pairs[2], value * coefficients[i + width + 1]!);
        if (x > 0) add(pairs[3], value * coefficients[i + width - 1]!);
      }
    }
  }
  return [...fitGgd(single), ...pairs.flatMap((pair) => fitAggd(pair))];
}

/** Half size by 2×2 means. */
function halve(image: Float32Array, width: number, height: number): { image: Float32Array; width: number; height: number } {
  const halfWidth = Math.floor(width / 2);
  const halfHeight = Math.floor(height / 2);
  const out = new Float32Array(halfWidth * halfHeight);
  for (let y = 0; y < halfHeight; y++) {
    for (let x = 0; x < halfWidth; x++) {
      const i = 2 * y * width + 2 * x;
      out[y * halfWidth + x] = (image[i]! + image[i + 1]! + image[i + width]! + image[i + width + 1]!) / 4;
    }
  }
  return { image: out, width: halfWidth, height: halfHeight };
}

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

function pictureFeatures(luma: Uint8Array, rgb: Uint8Array, width: number, height: number): number[] {
  const count = width * height;
  let saturationSum = 0;
  let saturationSquares = 0;
  const histogram = new Float64Array(256);
  for (let pixel = 0, offset = 0; pixel < count; pixel++, offset += 3) {
    const max = Math.max(rgb[offset]!, rgb[offset + 1]!, rgb[offset + 2]!);
    const saturation = max === 0 ? 0 : (max - Math.min(rgb[offset]!, rgb[offset + 1]!, rgb[offset + 2]!)) / max;
    saturationSum += saturation;
    saturationSquares += saturation * saturation;
    histogram[luma[pixel]!]!++;
  }
  let entropy = 0;
  for (const bin of histogram) if (bin > 0) entropy -= (bin / count) * Math.log2(bin / count);
  // Steps between horizontal then vertical neighbours, split by whether they cross an 8-px border
  // (after column or row 7, 15, …). Whole numbers: the sums are exact in any order, so each row's
  // steps are summed in one tight loop and the border columns' taken out of them after.
  let borderSum = 0;
  let borderCount = 0;
  let innerSum = 0;
  let innerCount = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let across = 0;
    for (let i = row, end = row + width - 1; i < end; i++) {
      const step = luma[i + 1]! - luma[i]!;
      across += step < 0 ? -step : step;
    }
    let acrossBorders = 0;
    let borders = 0;
    for (let x = 7; x < width - 1; x += 8, borders++) {
      const step = luma[row + x + 1]! - luma[row + x]!;
      acrossBorders += step < 0 ? -step : step;
    }
    borderSum += acrossBorders;
    borderCount += borders;
    innerSum += across - acrossBorders;
    innerCount += width - 1 - borders;
    if (y < height - 1) {
      let down = 0;
      for (let i = row, end = row + width; i < end; i++) {
        const step = luma[i + width]! - luma[i]!;
        down += step < 0 ? -step : step;
      }
      if (y % 8 === 7) {
        borderSum += down;
        borderCount += width;
      } else {
        innerSum += down;
        innerCount += width;
      }
    }
  }
  const saturationMean = saturationSum / count;
  return [
    saturationMean,
    Math.sqrt(Math.max(0, saturationSquares / count - saturationMean ** 2)),
    entropy,
    (borderSum / Math.max(1, borderCount) + 0.1) / (innerSum / Math.max(1, innerCount) + 0.1),
  ];
}

/** The 40 measures (see the module comment) of 8-bit luma and its RGB at NSS_LONG_SIDE_PX; null when the frame is too small (< 16 px). */
export function naturalStatistics(luma: Uint8Array, rgb: Uint8Array, width: number, height: number): NaturalStatisticsVector | null {
  if (width < 16 || height < 16) return null;
  const image = Float32Array.from(luma);
  const half = halve(image, width, height);
  return [...scaleFeatures(image, width, height), ...scaleFeatures(half.image, half.width, half.height), ...pictureFeatures(luma, rgb, width, height)].map(round6);
}
