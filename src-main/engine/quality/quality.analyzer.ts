import type { QualityCheck, QualityIssue, QualityResult } from '../../../src-preload/contract/rating-result.js';
import type { QualityThresholds } from '../config.js';
import type { DecodedImage } from '../image/decode.js';
import { luminance, resizeRaw, type RawImage } from '../image/raw-image.js';
import { cropInterleaved, findContentBox } from './borders.js';
import { measureExposure } from './exposure.js';
import { measureFocus, noiseAndSharpness } from './focus.js';
import { naturalStatistics, NSS_LONG_SIDE_PX } from './natural-statistics.js';
import { SHARPNESS_LONG_SIDE_PX } from './sharpness.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';

export const QUALITY_ANALYZER = { id: 'quality', version: '2.0.0' } as const;

/**
 * Issues that make a photo not acceptable; the others are advice (a foggy mood can be meant, a
 * photo without a face can be a detail shot). Closed eyes are added by the face analysis.
 */
export const BLOCKING_ISSUES: ReadonlySet<QualityIssue> = new Set([
  'low_resolution',
  'blurry',
  'overexposed',
  'underexposed',
  'eyes_closed',
  'soft_focus',
  'eyes_not_sharp',
  'motion_blur',
]);

export function isAcceptable(issues: readonly QualityIssue[]): boolean {
  return !issues.some((issue) => BLOCKING_ISSUES.has(issue));
}

function check(issue: QualityIssue, measure: string, value: number, comparison: QualityCheck['comparison'], threshold: number): QualityCheck {
  const raised =
    comparison === '<' ? value < threshold : comparison === '>' ? value > threshold : comparison === '>=' ? value >= threshold : value <= threshold;
  return { issue, measure, value, comparison, threshold, raised };
}

/** Both measures must cross their thresholds for the issue to be raised. */
function both(first: QualityCheck, second: QualityCheck): QualityCheck[] {
  const raised = first.raised && second.raised;
  return [
    { ...first, raised },
    { ...second, raised },
  ];
}

/** The half-scale view the detail ratio measured, and what it was made from: reused when the statistics need the same one. */
type HalfView = { of: RawImage; image: RawImage; luma: Uint8Array };

/**
 * Focus at the photo's own scale (at most 1024 px) over focus at half that scale: ≈ 0.85–1.2 for
 * a photo with real detail, ≈ 0.6 for one enlarged 2× or more. 1 when the frame has no edges.
 */
async function measureDetailRatio(image: DecodedImage, canonical: RawImage, canonicalFocus: number, letterboxed: boolean): Promise<{ ratio: number; half: HalfView }> {
  const ownLongSide = Math.min(SHARPNESS_LONG_SIDE_PX, Math.max(image.working.width, image.working.height));
  const own = ownLongSide === Math.max(canonical.width, canonical.height) ? canonical : await resizeRaw(image.working, { longSide: ownLongSide });
  const ownFocus = own === canonical && !letterboxed ? canonicalFocus : measureFocus(luminance(own), own.width, own.height).focus;
  const halfImage = await resizeRaw(own, { longSide: Math.round(ownLongSide / 2) });
  await yieldToEventLoop();
  const half = { of: own, image: halfImage, luma: luminance(halfImage) };
  const halfFocus = measureFocus(half.luma, halfImage.width, halfImage.height).focus;
  if (ownFocus === 0 || halfFocus === 0) return { ratio: 1, half };
  return { ratio: Math.round((ownFocus / halfFocus) * 1000) / 1000, half };
}

/**
 * The natural statistics' view: the measured frame at NSS_LONG_SIDE_PX. For an unletterboxed
 * 1024 px canonical frame it is the same resize of the same pixels as the detail ratio's half
 * view, which is reused (one resize and one luma pass fewer, identical pixels).
 */
async function statisticsView(canonical: RawImage, frame: RawImage, half: HalfView): Promise<{ image: RawImage; luma: Uint8Array }> {
  const reused = frame === canonical && half.of === canonical && Math.max(half.image.width, half.image.height) === NSS_LONG_SIDE_PX;
  const image = reused ? half.image : await resizeRaw(frame, { longSide: NSS_LONG_SIDE_PX });
  await yieldToEventLoop();
  return reused ? half : { image, luma: luminance(image) };
}

export async function analyzeQuality(image: DecodedImage, thresholds: QualityThresholds): Promise<QualityResult> {
  const canonical = await resizeRaw(image.working, { longSide: SHARPNESS_LONG_SIDE_PX }, true);
  await yieldToEventLoop();
  const fullLuma = luminance(canonical);
  const borders = findContentBox(fullLuma, canonical.width, canonical.height);
  const { box } = borders;
  const luma = borders.letterboxed ? cropInterleaved(fullLuma, canonical.width, 1, box, (n) => new Uint8Array(n)) : fullLuma;
  const rgb = borders.letterboxed ? cropInterleaved(canonical.data, canonical.width, 3, box, (n) => Buffer.alloc(n)) : canonical.data;
  await yieldToEventLoop();
  const { noise, sharpness } = noiseAndSharpness(luma, box.width, box.height);
  await yieldToEventLoop();
  const exposure = measureExposure(luma, rgb, box.width, box.height);
  await yieldToEventLoop();
  const focus = measureFocus(luma, box.width, box.height, noise);
  const weakestFocus = Math.round(focus.focus * focus.motion_anisotropy * 10) / 10;
  const { ratio: detailRatio, half } = await measureDetailRatio(image, canonical, focus.focus, borders.letterboxed);
  const frame: RawImage = borders.letterboxed ? { data: rgb, width: box.width, height: box.height, channels: 3 } : canonical;
  const view = await statisticsView(canonical, frame, half);
  const statistics = naturalStatistics(view.luma, view.image.data, view.image.width, view.image.height);
  const megapixels = Math.round((image.width * image.height) / 10_000) / 100;
  const shortSide = Math.min(image.width, image.height);

  const checks: QualityCheck[] = [
    check('low_resolution', 'short_side_px', shortSide, '<', thresholds.minShortSidePx),
    check('low_resolution', 'megapixels', megapixels, '<', thresholds.minMegapixels),
    // Focus, not the Laplacian's height: a dark or flat photo keeps its verdict, noise is not detail.
    check('blurry', 'focus', focus.focus, '<', thresholds.blurryFocus),
    ...both(
      check('motion_blur', 'motion_anisotropy', focus.motion_anisotropy, '<', thresholds.motionAnisotropy),
      check('motion_blur', 'weakest_direction_focus', weakestFocus, '<', thresholds.motionWeakestFocus),
    ),
    // Clipping alone is often deliberate (a seamless white backdrop, black velvet): it takes
    // clipping AND the rest of the picture pushed the same way to call a photo over- or underexposed.
    ...both(
      check('overexposed', 'clipped_highlights', exposure.clipped_highlights, '>', thresholds.overexposedClippedFraction),
      check('overexposed', 'midtone_mean', exposure.midtone_mean, '>', thresholds.overexposedMidtoneMean),
    ),
    ...both(
      check('underexposed', 'clipped_shadows', exposure.clipped_shadows, '>', thresholds.underexposedClippedFraction),
      check('underexposed', 'midtone_mean', exposure.midtone_mean, '<', thresholds.underexposedMidtoneMean),
    ),
    // A small picture enlarged (or a re-softened copy) has no detail at its own pixel scale: its
    // focus doubles when halved, where a real photo's barely moves. Only soft-looking frames count.
    ...both(
      check('soft_focus', 'detail_ratio', detailRatio, '<', thresholds.lowDetailRatio),
      check('soft_focus', 'focus', focus.focus, '<', thresholds.lowDetailFocus),
    ),
    check('low_contrast', 'contrast', exposure.contrast, '<', thresholds.lowContrastStdDev),
    check('letterboxed', 'bar_fraction', borders.barFraction, '>', 0),
  ];

  const issues = [...new Set(checks.filter((entry) => entry.raised).map((entry) => entry.issue))];
  return {
    width: image.width,
    height: image.height,
    megapixels,
    sharpness: sharpness.p99,
    sharpness_median: sharpness.p50,
    exposure,
    borders: { letterboxed: borders.letterboxed, bar_fraction: borders.barFraction },
    issues,
    is_acceptable: isAcceptable(issues),
    checks,
    focus: { ...focus, detail_ratio: detailRatio },
    subject: null,
    natural_statistics: statistics,
  };
}
