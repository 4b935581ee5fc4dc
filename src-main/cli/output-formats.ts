import path from 'node:path';
import type { FileRating } from '../engine/engine.js';

export type OutputFormat = 'json' | 'csv' | 'table';

/** One JSON object per line: the RATING.md result plus `file` and `cached`, or `file` and `error`. */
export function jsonLine(rating: FileRating): string {
  if (!rating.ok) return JSON.stringify({ file: rating.path, error: rating.error });
  return JSON.stringify({ file: rating.path, cached: rating.cached, ...rating.result });
}

const CSV_COLUMNS = [
  'file', 'status', 'error_code', 'error_message', 'image_hash', 'rating', 'score', 'width', 'height', 'megapixels',
  'sharpness', 'mean_luminance', 'issues', 'is_acceptable', 'face_count', 'face_confidence', 'content_level',
  'needs_review', 'captured_at', 'camera_model', 'perceptual_hash', 'focus', 'profile',
] as const;

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',');
}

export function csvLine(rating: FileRating): string {
  const row: Record<(typeof CSV_COLUMNS)[number], unknown> = Object.fromEntries(CSV_COLUMNS.map((column) => [column, null])) as never;
  row.file = rating.path;
  if (!rating.ok) {
    row.status = 'error';
    row.error_code = rating.error.code;
    row.error_message = rating.error.message;
  } else {
    const { result } = rating;
    Object.assign(row, {
      status: 'rated',
      image_hash: result.image_hash,
      rating: result.rating,
      score: result.score,
      width: result.quality.width,
      height: result.quality.height,
      megapixels: result.quality.megapixels,
      sharpness: result.quality.sharpness,
      mean_luminance: result.quality.exposure.mean_luminance,
      issues: result.quality.issues.join(' '),
      is_acceptable: result.quality.is_acceptable,
      face_count: result.face_count,
      face_confidence: result.face_confidence,
      content_level: result.content_rating.level,
      needs_review: result.needs_review,
      captured_at: result.source.captured_at,
      camera_model: result.source.camera_model,
      perceptual_hash: result.perceptual_hash,
      focus: result.quality.focus?.focus ?? null,
      profile: result.why?.profile?.id ?? null,
    });
  }
  return CSV_COLUMNS.map((column) => csvField(row[column])).join(',');
}

const TABLE_WIDTHS = { file: 28, size: 11, score: 6, focus: 7, light: 6, faces: 5, content: 10 } as const;

function cell(text: string, width: number, alignRight = false): string {
  const clipped = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return alignRight ? clipped.padStart(width) : clipped.padEnd(width);
}

export function tableHeader(): string {
  const w = TABLE_WIDTHS;
  return [
    cell('file', w.file), cell('size', w.size), cell('score', w.score, true), cell('focus', w.focus, true),
    cell('light', w.light, true), cell('faces', w.faces, true), cell('content', w.content), 'verdict',
  ].join(' ');
}

/**
 * A line a person can scan; `—` marks a value no installed analyzer can produce. `focus` is the
 * measure the blurry / soft verdicts use (quality.focus.focus, normalised for contrast and noise),
 * not the raw P99 `quality.sharpness`.
 */
export function tableLine(rating: FileRating): string {
  const w = TABLE_WIDTHS;
  const name = cell(path.basename(rating.path), w.file);
  if (!rating.ok) return `${name} ERROR ${rating.error.code}: ${rating.error.message}`;
  const { result } = rating;
  const { quality } = result;
  // Whether it goes to review depends on the profile that judged it (portfolio: no face does).
  const review = result.rejected ? '; rejected' : result.needs_review ? '; to review' : '';
  const verdict = `${quality.is_acceptable ? 'ok' : 'NOT ACCEPTABLE'}${quality.issues.length ? ` (${quality.issues.join(', ')})` : ''}${review}`;
  return [
    name,
    cell(`${quality.width}×${quality.height}`, w.size),
    cell(result.score === null ? '—' : result.score.toFixed(1), w.score, true),
    cell(quality.focus ? quality.focus.focus.toFixed(1) : '—', w.focus, true),
    cell(quality.exposure.mean_luminance.toFixed(2), w.light, true),
    cell(result.face_count === null ? '—' : String(result.face_count), w.faces, true),
    cell(result.content_rating.level ?? '—', w.content),
    verdict,
  ].join(' ');
}
