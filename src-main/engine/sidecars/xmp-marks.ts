import { COLOR_LABELS, type AutoCullMapping, type ColorLabel, type CullMark } from '../../../src-preload/contract/library-types.js';
import type { RatingClass } from '../../../src-preload/contract/rating-result.js';

/** A photo's marks as the catalog keeps them. */
export type PhotoMarks = { mark: CullMark | null; stars: number; label: ColorLabel | null };

/** The same marks as XMP holds them: xmp:Rating (−1 = rejected), xmp:Label, culler:Pick. */
export type XmpMarks = { rating: number; label: string | null; pick: string | null };

export const NO_XMP_MARKS: XmpMarks = { rating: 0, label: null, pick: null };

export function hasUserMarks(marks: PhotoMarks): boolean {
  return marks.mark !== null || marks.stars > 0 || marks.label !== null;
}

/** Lightroom writes the label's name, capitalised: "Red". */
export function labelToXmp(label: ColorLabel | null): string | null {
  return label ? label.charAt(0).toUpperCase() + label.slice(1) : null;
}

export function labelFromXmp(value: string | null): ColorLabel | null {
  const lower = value?.trim().toLowerCase();
  return COLOR_LABELS.find((label) => label === lower) ?? null;
}

/** A reject is −1 whatever its stars (the convention darktable and Bridge follow). */
export function marksToXmp(marks: PhotoMarks): XmpMarks {
  return { rating: marks.mark === 'reject' ? -1 : marks.stars, label: labelToXmp(marks.label), pick: marks.mark };
}

/**
 * XMP back to catalog marks. xmp:Rating decides rejection (darktable and Bridge reject by −1 and
 * know nothing of culler:Pick), so a rating another app moved off −1 un-rejects the photo.
 */
export function marksFromXmp(xmp: XmpMarks): PhotoMarks {
  const rating = Math.round(xmp.rating);
  return {
    mark: rating === -1 ? 'reject' : xmp.pick === 'pick' ? 'pick' : null,
    stars: Math.max(0, Math.min(5, rating)),
    label: labelFromXmp(xmp.label),
  };
}

/** Missing fields as their empty values, so "no rating" and 0 compare equal. */
export function normalizeXmpMarks(fields: { rating: number | null; label: string | null; pick: string | null }): XmpMarks {
  return { rating: fields.rating ?? 0, label: fields.label || null, pick: fields.pick === 'pick' || fields.pick === 'reject' ? fields.pick : null };
}

export type MergedMarks = { merged: XmpMarks; adopted: Array<keyof XmpMarks> };

/**
 * Three-way merge of one sidecar's marks: `base` is what we wrote last time, `ours` the catalog
 * now, `theirs` the sidecar now. A field only the other app changed is adopted; a field our user
 * changed is ours, also when the other app changed it too (the change being made now wins).
 */
export function mergeMarks(base: XmpMarks, ours: XmpMarks, theirs: XmpMarks): MergedMarks {
  const merged = { ...ours };
  const adopted: Array<keyof XmpMarks> = [];
  for (const field of ['rating', 'label', 'pick'] as const) {
    const oursChanged = ours[field] !== base[field];
    const theirsChanged = theirs[field] !== base[field];
    if (!oursChanged && theirsChanged) {
      (merged as Record<string, unknown>)[field] = theirs[field];
      adopted.push(field);
    }
  }
  return { merged, adopted };
}

/** What the auto-cull writes for an unmarked photo, from its verdict. */
export function autoCullMarks(mapping: AutoCullMapping, verdict: { rating: RatingClass | null; score: number | null; needsReview: boolean }): PhotoMarks {
  if (verdict.score === null || verdict.rating === null) return { mark: null, stars: 0, label: null };
  const label = verdict.needsReview ? mapping.needsReviewLabel : null;
  if (verdict.rating === 'Low' && mapping.low === 'reject') return { mark: 'reject', stars: 0, label };
  const stars = mapping.starBands.filter((lowest) => verdict.score! >= lowest).length;
  return { mark: null, stars, label };
}

export const DEFAULT_AUTO_CULL: AutoCullMapping = {
  enabled: false,
  low: 'reject',
  needsReviewLabel: 'yellow',
  starBands: [40, 55, 70, 80, 90],
};
