import { useEffect } from 'react';
import { bridge } from '../bridge.ts';
import { useAppStore } from '../store/app-store.ts';
import { photoAt } from '../store/grid-slice.ts';
import { TEST_IDS } from '../test-ids.ts';

/** Photos either side of the current one in the strip. */
const REACH = 7;

/** The neighbours along the bottom of the loupe, in grid order; a click goes there. */
export function Filmstrip() {
  const selectedIndex = useAppStore((state) => state.selectedIndex);
  const selectedPhotoId = useAppStore((state) => state.selectedPhotoId);
  const total = useAppStore((state) => state.total ?? 0);
  const pages = useAppStore((state) => state.pages);
  const first = Math.max(0, selectedIndex - REACH);
  const last = Math.min(total - 1, selectedIndex + REACH);
  useEffect(() => {
    if (total > 0) useAppStore.getState().ensureRange(first, last);
  }, [first, last, total]);
  const indices = Array.from({ length: Math.max(0, last - first + 1) }, (_, offset) => first + offset);
  return (
    <div className="filmstrip" data-testid={TEST_IDS.filmstrip}>
      {indices.map((index) => {
        const photo = photoAt({ pages }, index);
        if (!photo) return <div key={index} className="filmstrip-item filmstrip-loading" />;
        // A burst frame the grid hides is shown at its stack's place.
        const current = photo.id === selectedPhotoId || index === selectedIndex;
        return (
          <button
            key={photo.id}
            type="button"
            className={`filmstrip-item ${current ? 'filmstrip-current' : ''} ${photo.mark ? `filmstrip-${photo.mark}` : ''}`}
            data-testid={TEST_IDS.filmstripItem}
            data-photo-id={photo.id}
            aria-current={current ? 'true' : undefined}
            title={photo.name}
            onClick={() => useAppStore.getState().select(index)}
          >
            {photo.imageHash ? <img src={bridge().mediaUrl('thumb', photo.imageHash)} alt={photo.name} draggable={false} /> : <span>{photo.name}</span>}
            {photo.mark && <span className="filmstrip-mark">{photo.mark === 'pick' ? '⚑' : '✕'}</span>}
          </button>
        );
      })}
    </div>
  );
}
