import { useEffect } from 'react';
import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { CullControls } from '../common/CullControls.tsx';
import { formatScore, ratingClassName } from '../common/format.ts';
import { plainVerdict } from '../common/plain-verdict.ts';
import { useAppStore } from '../store/app-store.ts';
import { photoAt, photoById } from '../store/grid-slice.ts';
import { TEST_IDS } from '../test-ids.ts';
import { Filmstrip } from './Filmstrip.tsx';
import { eyesPoint, PHOTO_CENTRE, prefetchPhotoResult, rememberShownCenter, usePhotoResult } from './focus-point.ts';
import './loupe.css';
import { ZoomableImage } from './ZoomableImage.tsx';

/**
 * Culling goes photo to photo: the neighbours' previews are fetched ahead, and at 100 % their full
 * images too (the backend decodes each once), so the next key paints from the browser's cache.
 */
function usePreloadNeighbours(index: number, actual: boolean) {
  const pages = useAppStore((state) => state.pages);
  useEffect(() => {
    const images: HTMLImageElement[] = [];
    for (const neighbour of [index + 1, index - 1, index + 2]) {
      const photo = photoAt({ pages }, neighbour);
      const hash = photo?.imageHash;
      if (!photo || !hash) continue;
      // Its faces too: 100 % opens on its eyes without waiting for the detail.
      void prefetchPhotoResult(photo.id);
      const preview = new Image();
      preview.src = bridge().mediaUrl('preview', hash);
      images.push(preview);
      if (actual && Math.abs(neighbour - index) === 1) {
        const full = new Image();
        full.src = bridge().mediaUrl('full', hash);
        images.push(full);
      }
    }
    // Decoded ahead as well as fetched: a cached but undecoded image still costs the paint a decode.
    for (const image of images) void image.decode().catch(() => undefined);
  }, [index, pages, actual]);
}

function VerdictLine({ photo }: { photo: PhotoSummary }) {
  const result = usePhotoResult(photo.id);
  const verdict = plainVerdict(photo, result);
  return (
    <header className="loupe-bar">
      <span className="loupe-name" title={photo.path}>
        {photo.name}
      </span>
      <span className={`rating-pill ${ratingClassName(photo.rating)}`}>{formatScore(photo.score)}</span>
      <span className="loupe-verdict" data-testid={TEST_IDS.loupeVerdict} title={verdict.sentence}>
        {verdict.sentence}
      </span>
      <CullControls photo={photo} />
    </header>
  );
}

/** Full screen: the photo as large as the screen allows, its verdict in one line, the filmstrip below. */
export function Loupe() {
  const photo = useAppStore((state) => photoById(state.pages, state.selectedPhotoId));
  const selectedIndex = useAppStore((state) => state.selectedIndex);
  const total = useAppStore((state) => state.total);
  const zoom = useAppStore((state) => state.zoom);
  const zoomCenter = useAppStore((state) => state.zoomCenter);
  const closeLoupe = useAppStore((state) => state.closeLoupe);
  const result = usePhotoResult(photo?.id ?? null);
  usePreloadNeighbours(selectedIndex, zoom === 'actual');

  const width = result?.quality.width ?? photo?.width ?? 0;
  const height = result?.quality.height ?? photo?.height ?? 0;
  const center = zoomCenter ?? eyesPoint(result) ?? PHOTO_CENTRE;
  rememberShownCenter(center);
  // Each photo opens on its own eyes: a pan belongs to the photo it was made on.
  const photoId = photo?.id ?? null;
  useEffect(() => {
    if (useAppStore.getState().zoomCenter !== null) useAppStore.setState({ zoomCenter: null });
  }, [photoId]);
  return (
    <section className="loupe" data-testid={TEST_IDS.loupe} data-photo-id={photo?.id ?? ''} data-zoom={zoom}>
      {photo ? <VerdictLine photo={photo} /> : <header className="loupe-bar" />}
      <div className="loupe-main">
        {photo?.imageHash && width > 0 && height > 0 ? (
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
        ) : (
          <p className="empty">{photo ? 'No image: this photo could not be rated.' : 'Loading…'}</p>
        )}
      </div>
      <footer className="loupe-footer">
        <button type="button" className="ghost small" onClick={closeLoupe} title="Back (Esc)">
          ← Back <kbd>Esc</kbd>
        </button>
        <span className="muted">{total === null ? '' : `${selectedIndex + 1} of ${total}`}</span>
        <span className="muted loupe-hint">
          <kbd>Z</kbd>/<kbd>Space</kbd> 100 % · drag or <kbd>Ctrl</kbd>+arrows to pan · <kbd>C</kbd> compare
        </span>
      </footer>
      <Filmstrip />
    </section>
  );
}
