import { useEffect, useState } from 'react';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { bridge } from '../bridge.ts';
import type { ImagePoint } from '../store/loupe-slice.ts';

/**
 * Where 100 % opens: between the main face's eyes (the detector's two eye keypoints; the face box's
 * upper third without them), else the photo's centre. As fractions of the upright image.
 */
export function eyesPoint(result: Pick<RatingResult, 'faces' | 'quality'> | null): ImagePoint | null {
  const face = result?.faces?.[0];
  const width = result?.quality.width ?? 0;
  const height = result?.quality.height ?? 0;
  if (!face || width <= 0 || height <= 0) return null;
  const right = face.keypoints.find((point) => point.name === 'right_eye');
  const left = face.keypoints.find((point) => point.name === 'left_eye');
  const x = right && left ? (right.x + left.x) / 2 : face.box.x + face.box.width / 2;
  const y = right && left ? (right.y + left.y) / 2 : face.box.y + face.box.height / 3;
  return { x: Math.max(0, Math.min(1, x / width)), y: Math.max(0, Math.min(1, y / height)) };
}

export const PHOTO_CENTRE: ImagePoint = { x: 0.5, y: 0.5 };

/**
 * The centre the loupe last drew (the eyes until the user pans): where a Ctrl+arrow pan starts.
 * Kept outside the store, as it changes with every paint and nothing renders from it.
 */
let shownCenter: ImagePoint = PHOTO_CENTRE;
export const lastShownCenter = (): ImagePoint => shownCenter;
export function rememberShownCenter(center: ImagePoint): void {
  shownCenter = center;
}

/** Results already read, by photo id: walking back and forth in the loupe asks once per photo. */
const results = new Map<number, RatingResult | null>();
const RESULT_MEMORY = 64;

const reading = new Map<number, Promise<void>>();

/** Reads a photo's result into the memory once (concurrent asks share the read). */
export function prefetchPhotoResult(photoId: number): Promise<void> {
  if (results.has(photoId)) return Promise.resolve();
  const running = reading.get(photoId);
  if (running) return running;
  const read = bridge()
    .photosDetail({ photoId })
    .then((reply) => {
      if (results.size >= RESULT_MEMORY) results.delete(results.keys().next().value!);
      results.set(photoId, reply.ok ? reply.value.result : null);
    })
    .finally(() => reading.delete(photoId));
  reading.set(photoId, read);
  return read;
}

/** The rating result of a photo (null until read, and for a photo that has none). */
export function usePhotoResult(photoId: number | null): RatingResult | null {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (photoId === null || results.has(photoId)) return;
    let live = true;
    void prefetchPhotoResult(photoId).then(() => {
      if (live) setVersion((version) => version + 1);
    });
    return () => {
      live = false;
    };
  }, [photoId]);
  return photoId === null ? null : (results.get(photoId) ?? null);
}
