import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';

export const EXPORT_CSV_COLUMNS = ['path', 'mark', 'stars', 'label', 'score', 'rating', 'verdict', 'issues', 'tags'] as const;

/** Quoted when needed; a text that a spreadsheet would run as a formula (=, +, @, -x) gets a leading '. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+@\t\r]|^-[^0-9]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The verdict in words: what a client proof sheet shows. */
export function verdictOf(photo: PhotoSummary): string {
  if (photo.status === 'failed') return 'failed';
  if (photo.needsReview && !photo.reviewed) return 'needs review';
  return photo.rating ?? '';
}

/** Photos as CSV for spreadsheets and client proofs: one header, one row each; lists are ';'-separated. */
export function photosCsv(photos: PhotoSummary[]): string {
  const rows = photos.map((photo) =>
    [photo.path, photo.mark ?? '', photo.stars, photo.label ?? '', photo.score === null ? '' : photo.score.toFixed(1), photo.rating ?? '', verdictOf(photo), photo.issues.join(';'), photo.tags.join(';')]
      .map(csvField)
      .join(','),
  );
  return `${[EXPORT_CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
