import { useEffect } from 'react';
import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { CullControls } from '../common/CullControls.tsx';
import { formatScore, ratingClassName } from '../common/format.ts';
import { plainVerdict } from '../common/plain-verdict.ts';
import { useAppStore } from '../store/app-store.ts';
import { photoAt } from '../store/grid-slice.ts';
import { rowOf, stackIsCollapsed } from '../store/loupe-slice.ts';
import { TEST_IDS } from '../test-ids.ts';
import { Filmstrip } from './Filmstrip.tsx';
import { afterNextPaint, decodeAhead } from './decoded-images.ts';
import { eyesPoint, PHOTO_CENTRE, prefetchPhotoResult, rememberShownCenter, usePhotoResult } from './focus-point.ts';
import './loupe.css';
import { StackStrip } from './StackStrip.tsx';
import { ZoomableImage } from './ZoomableImage.tsx';

/**
 * Culling goes photo to photo: once the current photo is painted, the neighbours' previews are
 * fetched and decoded ahead, the next photo first, and at 100 % their full images too (the backend
 * decodes each once), so the next key paints from pixels already decoded. One at a time, after
 * the paint: on a busy machine the decodes ahead must not slow the photo on screen. A new key
 * drops what is not started yet.
 */
function usePreloadNeighbours(shown: PhotoSummary | undefined, index: number, actual: boolean) {
  const pages = useAppStore((state) => state.pages);
  const frameRows = useAppStore((state) => state.frameRows);
  const group = useAppStore((state) => (shown && stackIsCollapsed(state, shown.id) ? state.stackOf.get(shown.id) : undefined));
  useEffect(() => {
    let live = true;
    const urls: string[] = [];
    const current = shown?.imageHash;
    // The grid's next, previous and second-next photos, and a collapsed burst's frames either side (↓ / ↑).
    const at = group && shown ? group.photoIds.indexOf(shown.id) : -1;
    const frames = group ? [group.photoIds[at + 1], group.photoIds[at - 1]].filter((id): id is number => id !== undefined) : [];
    const neighbours = [
      ...[index + 1, index - 1, index + 2].map((position) => ({ photo: photoAt({ pages }, position), near: Math.abs(position - index) === 1 })),
      ...frames.map((id) => ({ photo: rowOf({ pages, frameRows }, id), near: true })),
    ];
    for (const { photo, near } of neighbours) {
      const hash = photo?.imageHash;
      if (!photo || !hash || hash === current) continue;
      // Its faces too: 100 % opens on its eyes without waiting for the detail.
      void prefetchPhotoResult(photo.id);
      urls.push(bridge().mediaUrl('preview', hash));
      if (actual && near) urls.push(bridge().mediaUrl('full', hash));
    }
    void (async () => {
      // Not the photo on screen itself: its <img> decodes it, and a second decode (a full image at
      // 100 %) would double the work the key waits for.
      await afterNextPaint();
      for (const url of urls) {
        if (!live) return;
        await decodeAhead(url);
      }
    })();
    return () => {
      live = false;
    };
  }, [shown, group, index, pages, frameRows, actual]);
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
  // A burst frame the grid hides (its stack collapsed) is shown from the rows read for the stack strip.
  const photo = useAppStore((state) => rowOf(state, state.selectedPhotoId));
  const selectedIndex = useAppStore((state) => state.selectedIndex);
  const total = useAppStore((state) => state.total);
  const zoom = useAppStore((state) => state.zoom);
  const zoomCenter = useAppStore((state) => state.zoomCenter);
  const closeLoupe = useAppStore((state) => state.closeLoupe);
  const result = usePhotoResult(photo?.id ?? null);
  usePreloadNeighbours(photo, selectedIndex, zoom === 'actual');

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
      <StackStrip />
      <Filmstrip />
    </section>
  );
}
