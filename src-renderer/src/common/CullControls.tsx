import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';
import { useAppStore } from '../store/app-store.ts';
import { LabelBadge, LabelButtons } from './LabelControls.tsx';
import { MarkIndicator, StarsIndicator } from './MarkIndicators.tsx';

/** Pick / reject / unflag and stars for one photo, as buttons beside their keys. */
export function CullControls({ photo }: { photo: PhotoSummary }) {
  const setMark = useAppStore((state) => state.setMark);
  const setStars = useAppStore((state) => state.setStars);
  return (
    <div className="cull-controls">
      <MarkIndicator mark={photo.mark} />
      <button type="button" className={`small ${photo.mark === 'pick' ? 'on' : 'secondary'}`} onClick={() => void setMark(photo.id, 'pick')} title="Pick (P)">
        Pick <kbd>P</kbd>
      </button>
      <button type="button" className={`small ${photo.mark === 'reject' ? 'on danger' : 'secondary'}`} onClick={() => void setMark(photo.id, 'reject')} title="Reject (X)">
        Reject <kbd>X</kbd>
      </button>
      <button type="button" className="small secondary" onClick={() => void setMark(photo.id, null)} disabled={photo.mark === null} title="Unflag (U)">
        Unflag <kbd>U</kbd>
      </button>
      <span className="star-buttons" title="Stars (0–5)">
        {[1, 2, 3, 4, 5].map((stars) => (
          <button
            key={stars}
            type="button"
            className={stars <= photo.stars ? 'star-button star-on' : 'star-button'}
            aria-label={`${stars} stars`}
            onClick={() => void setStars(photo.id, photo.stars === stars ? 0 : stars)}
          >
            ★
          </button>
        ))}
      </span>
      <StarsIndicator stars={photo.stars} />
      <LabelButtons photoId={photo.id} label={photo.label} />
      <LabelBadge label={photo.label} />
    </div>
  );
}
