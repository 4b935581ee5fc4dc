import { useEffect } from 'react';
import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';
import { MarkIndicator } from '../common/MarkIndicators.tsx';
import { formatScore, ratingClassName } from '../common/format.ts';
import { plainVerdict } from '../common/plain-verdict.ts';
import { useAppStore } from '../store/app-store.ts';
import { rowOf } from '../store/loupe-slice.ts';
import { TEST_IDS } from '../test-ids.ts';
import { eyesPoint, PHOTO_CENTRE, rememberShownCenter, usePhotoResult } from './focus-point.ts';
import './loupe.css';
import { ZoomableImage } from './ZoomableImage.tsx';

function ComparePane({ photo, active, index, center }: { photo: PhotoSummary; active: boolean; index: number; center: { x: number; y: number } }) {
  const zoom = useAppStore((state) => state.zoom);
  const result = usePhotoResult(photo.id);
  const width = result?.quality.width ?? photo.width ?? 0;
  const height = result?.quality.height ?? photo.height ?? 0;
  return (
    <div
      className={`compare-pane ${active ? 'compare-pane-active' : ''}`}
      data-testid={TEST_IDS.comparePane}
      data-photo-id={photo.id}
      data-active={active}
      onPointerDownCapture={() => useAppStore.setState({ compareActive: index })}
    >
      <div className="compare-pane-caption">
        <MarkIndicator mark={photo.mark} />
        <strong>{photo.name}</strong>
        <span className={`rating-pill ${ratingClassName(photo.rating)}`}>{formatScore(photo.score)}</span>
        <span className="muted">{plainVerdict(photo, result).sentence}</span>
      </div>
      <div className="compare-pane-stage">
        {photo.imageHash && width > 0 && height > 0 && (
          <ZoomableImage
            imageHash={photo.imageHash}
            name={photo.name}
            width={width}
            height={height}
            zoom={zoom}
            center={center}
            onToggleZoom={(point) => useAppStore.getState().toggleZoom(point)}
            onPan={(dx, dy) => useAppStore.getState().panBy(dx, dy, center)}
          />
        )}
      </div>
    </div>
  );
}

/**
 * 2–4 photos side by side, zoomed and panned together: one centre (a point of the image, as
 * fractions) for every pane, so the same eye is under the same spot in each. P makes the active
 * photo the winner: picked, the others rejected, one undo step.
 */
export function CompareView() {
  const compareIds = useAppStore((state) => state.compareIds);
  const active = useAppStore((state) => state.compareActive);
  const pages = useAppStore((state) => state.pages);
  const frameRows = useAppStore((state) => state.frameRows);
  const zoomCenter = useAppStore((state) => state.zoomCenter);
  const closeLoupe = useAppStore((state) => state.closeLoupe);
  // A collapsed stack's frames are not in the grid's pages: their rows were read when C opened them.
  const photos = compareIds.map((id) => rowOf({ pages, frameRows }, id)).filter((photo): photo is PhotoSummary => photo !== undefined);
  // The default centre is the active photo's eyes; the others follow it.
  const activeResult = usePhotoResult(compareIds[active] ?? null);
  const center = zoomCenter ?? eyesPoint(activeResult) ?? PHOTO_CENTRE;
  rememberShownCenter(center);
  useEffect(() => {
    if (photos.length < 2) closeLoupe();
  }, [photos.length, closeLoupe]);
  const columns = photos.length <= 2 ? photos.length : 2;
  return (
    <section className="compare-view" data-testid={TEST_IDS.compareView} data-count={photos.length}>
      <header className="loupe-bar">
        <strong>Compare {photos.length}</strong>
        <span className="loupe-verdict muted">
          <kbd>←</kbd>/<kbd>→</kbd> choose · <kbd>P</kbd> winner (picks it, rejects the others) · <kbd>Z</kbd> 100 % together · <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo ·{' '}
          <kbd>Esc</kbd> back
        </span>
        <button type="button" className="small" onClick={() => void useAppStore.getState().pickCompareWinner()}>
          Winner: {photos[active]?.name ?? ''} <kbd>P</kbd>
        </button>
        <button type="button" className="ghost small" onClick={closeLoupe}>
          Back <kbd>Esc</kbd>
        </button>
      </header>
      <div className="compare-panes" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
        {photos.map((photo, index) => (
          <ComparePane key={photo.id} photo={photo} index={index} active={index === active} center={center} />
        ))}
      </div>
    </section>
  );
}
