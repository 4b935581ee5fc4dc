import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';

/** Coming back to a photo: what the person already said about it (thumbs and mark), so nothing is asked twice blind. */
export function EarlierAnswer({ photo }: { photo: Pick<PhotoSummary, 'thumbs' | 'mark' | 'stars' | 'reviewed'> }) {
  const parts: string[] = [];
  if (photo.thumbs === 1) parts.push('▲ the app was right');
  if (photo.thumbs === -1) parts.push('▼ the app was wrong');
  if (photo.mark === 'pick') parts.push('picked');
  if (photo.mark === 'reject') parts.push('rejected');
  if (photo.stars > 0) parts.push(`${photo.stars} ★`);
  if (parts.length === 0) return null;
  return (
    <p className="review-earlier" data-testid="review-earlier">
      Your earlier answer: {parts.join(', ')}.
    </p>
  );
}
