import path from 'node:path';
import type { RatingResult, ResultGroup } from '../../../src-preload/contract/rating-result.js';
import { chooseBest, frameFacts, type FrameSource } from './best-frame.js';
import { captureTimeMs, groupPhotos, type GroupingConstraints, type GroupingPhoto } from './group-photos.js';

/** A rated photo as the doors hold it: a handle (path, photo id, hash) and its result. */
export type RatedPhoto = { key: string; path: string | null; result: RatingResult };

export type BurstGroup = {
  id: number;
  /** Keys in capture order (frame 1 first). */
  keys: string[];
  /** Keys best first. */
  ranked: string[];
  best: string;
  reason: string;
};

/**
 * The capture time with the camera's sub-seconds where the source has them (`captured_at_precise`,
 * `YYYY-MM-DDTHH:MM:SS.ss`, added by the RAW work), else the whole seconds of `captured_at`.
 */
function preciseCaptureTime(result: RatingResult): string | null {
  const precise = (result.source as Record<string, unknown> | undefined)?.captured_at_precise;
  return typeof precise === 'string' && precise ? precise : (result.source?.captured_at ?? null);
}

export function groupingPhoto(photo: RatedPhoto): GroupingPhoto {
  const { result } = photo;
  return {
    key: photo.key,
    folder: photo.path ? path.dirname(photo.path) : '',
    name: photo.path ? path.basename(photo.path) : photo.key,
    capturedAtMs: captureTimeMs(preciseCaptureTime(result)),
    perceptualHash: result.perceptual_hash ?? null,
    colourSignature: result.similarity?.colour ?? null,
    embeddings: result.similarity?.embeddings ?? null,
  };
}

/** Groups rated photos into bursts and ranks each burst's frames; singletons are groups of one. */
export function burstGroups(photos: readonly RatedPhoto[], constraints: GroupingConstraints = {}): BurstGroup[] {
  const { groups } = groupPhotos(photos.map(groupingPhoto), constraints);
  return groups.map((members, index) => {
    const { order, reason } = rankFrames(members.map((member) => photos[member]!.result));
    const keys = members.map((member) => photos[member]!.key);
    const ranked = order.map((position) => keys[position]!);
    return { id: index + 1, keys, ranked, best: ranked[0]!, reason };
  });
}

/** A group's frames (capture order) best first, and why. */
export function rankFrames(results: readonly FrameSource[]): { order: number[]; reason: string } {
  return chooseBest(results.map((result) => frameFacts(result)));
}

/** Each photo's `group` field, by key. */
export function resultGroups(groups: readonly BurstGroup[]): Map<string, ResultGroup> {
  const byKey = new Map<string, ResultGroup>();
  for (const group of groups) {
    group.ranked.forEach((key, position) => {
      byKey.set(key, { id: group.id, size: group.keys.length, rank: position + 1, best: position === 0, reason: group.reason });
    });
  }
  return byKey;
}
