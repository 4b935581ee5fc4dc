import type { UnavailableField } from '../../../src-preload/contract/rating-result.js';

/**
 * Why a field is missing, from the result's `unavailable` list. A reason may name the field itself
 * (`dimension_scores.lighting`) or a parent of it (`dimension_scores`), so the nearest one wins.
 */
export function unavailableReason(unavailable: UnavailableField[], field: string): string | null {
  let best: UnavailableField | null = null;
  for (const entry of unavailable) {
    const covers = entry.field === field || field.startsWith(`${entry.field}.`);
    if (covers && (!best || entry.field.length > best.field.length)) best = entry;
  }
  return best?.reason ?? null;
}
