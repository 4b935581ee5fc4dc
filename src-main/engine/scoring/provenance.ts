import type { QualityResult, SourceInfo } from '../../../src-preload/contract/rating-result.js';

/**
 * `is_original`: is this the photographer's file, or a screenshot, re-encode or copy? Decided on
 * documented evidence only; when the evidence is thin the answer is null and says so.
 *
 * Original (true): the file carries camera EXIF — make, model and a capture time.
 * Copy (false): letterbox bars; the software tag names a screenshot tool; exactly a common
 *   screen size with no camera EXIF; or no detail at its own pixel scale (quality's `detail_ratio`
 *   check) with no camera EXIF: a small picture enlarged.
 * Otherwise null: stripped metadata is common for both originals exported for the web and copies.
 */
const SCREEN_SIZES = new Set([
  '1280x720', '1366x768', '1440x900', '1536x864', '1600x900', '1680x1050', '1920x1080', '1920x1200', '2048x1152',
  '2560x1440', '2560x1600', '2880x1800', '3024x1964', '3456x2234', '3840x2160', '750x1334', '828x1792', '1080x1920',
  '1080x2340', '1080x2400', '1125x2436', '1170x2532', '1179x2556', '1242x2688', '1284x2778', '1290x2796', '1440x3200',
]);

export type ProvenanceVerdict = { is_original: boolean | null; evidence: string[] };

export function provenance(source: SourceInfo, quality: QualityResult): ProvenanceVerdict {
  const evidence: string[] = [];
  const size = `${quality.width}x${quality.height}`;
  const rotated = `${quality.height}x${quality.width}`;
  const camera = source.has_exif && source.camera_make && source.camera_model && source.captured_at;
  const software = source.software?.toLowerCase() ?? '';

  if (quality.borders.letterboxed) evidence.push(`letterbox bars cover ${(quality.borders.bar_fraction * 100).toFixed(0)} % of the frame`);
  if (/screenshot|snipping|screen ?capture|grab/.test(software)) evidence.push(`software tag "${source.software}"`);
  if (!camera && (SCREEN_SIZES.has(size) || SCREEN_SIZES.has(rotated))) evidence.push(`exactly a screen size (${size}) with no camera metadata`);
  // A camera writes detail down to its pixels; a picture enlarged from a smaller one has none.
  const lowDetail = quality.checks.some((check) => check.measure === 'detail_ratio' && check.raised);
  if (!camera && lowDetail && quality.focus?.detail_ratio !== undefined) {
    evidence.push(`no detail at its own pixel scale (detail ratio ${quality.focus.detail_ratio} < 0.7) and no camera metadata: enlarged from a smaller picture`);
  }
  if (evidence.length) return { is_original: false, evidence };

  if (camera) {
    return { is_original: true, evidence: [`camera EXIF: ${source.camera_make} ${source.camera_model}, captured ${source.captured_at}`] };
  }
  const why = !source.metadata_read
    ? 'the decoder gives no metadata for this format'
    : source.has_exif
      ? 'EXIF is present but names no camera and capture time'
      : 'no EXIF: both web exports of originals and copies look like this';
  return { is_original: null, evidence: [`thin evidence: ${why}`] };
}
