import type { RatingClass } from '../../../src-preload/contract/rating-result.js';

export function formatScore(score: number | null): string {
  return score === null ? '—' : score.toFixed(1);
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

export function formatPercent(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined ? '—' : `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `facial_skin_tone` → `Facial skin tone`; machine codes stay recognisable but read as words. */
export function humanize(code: string): string {
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** CSS class carrying a rating class's colour; unrated photos are neutral. */
export function ratingClassName(rating: RatingClass | null): string {
  return rating === null ? 'rating-none' : `rating-${rating.toLowerCase()}`;
}

export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
