import type { CullMark } from '../../../src-preload/contract/library-types.js';
import { TEST_IDS } from '../test-ids.ts';

export function MarkIndicator({ mark }: { mark: CullMark | null }) {
  const label = mark === 'pick' ? 'Picked' : mark === 'reject' ? 'Rejected' : 'Unflagged';
  return (
    <span className={`mark mark-${mark ?? 'none'}`} data-testid={TEST_IDS.markIndicator} data-mark={mark ?? 'none'} title={label} aria-label={label}>
      {mark === 'pick' ? '⚑' : mark === 'reject' ? '✕' : ''}
    </span>
  );
}

export function StarsIndicator({ stars }: { stars: number }) {
  return (
    <span className="stars" data-testid={TEST_IDS.starsIndicator} data-stars={stars} aria-label={`${stars} of 5 stars`}>
      {[1, 2, 3, 4, 5].map((star) => (
        <span key={star} className={star <= stars ? 'star star-on' : 'star'}>
          ★
        </span>
      ))}
    </span>
  );
}
