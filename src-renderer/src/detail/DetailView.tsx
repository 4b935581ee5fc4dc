import { useEffect } from 'react';
import { bridge } from '../bridge.ts';
import { CullControls } from '../common/CullControls.tsx';
import { formatScore, ratingClassName } from '../common/format.ts';
import { personalTitle } from '../learning/personal-title.ts';
import { useAppStore } from '../store/app-store.ts';
import { photoAt, photoById } from '../store/grid-slice.ts';
import { StackInfo } from '../grid/StackInfo.tsx';
import { TEST_IDS } from '../test-ids.ts';
import { PreviewWithFaces } from './PreviewWithFaces.tsx';
import { ResultPanel } from './ResultPanel.tsx';

/** Culling walks photo to photo: warm the browser cache with the neighbours' previews. */
function usePrefetchNeighbours(index: number) {
  const pages = useAppStore((state) => state.pages);
  useEffect(() => {
    for (const neighbour of [index + 1, index - 1]) {
      const hash = photoAt({ pages }, neighbour)?.imageHash;
      if (hash) new Image().src = bridge().mediaUrl('preview', hash);
    }
  }, [index, pages]);
}

export function DetailView() {
  const selectedIndex = useAppStore((state) => state.selectedIndex);
  const total = useAppStore((state) => state.total);
  // By id: photos arriving or re-sorting move the position, never the photo shown.
  const selectedPhotoId = useAppStore((state) => state.selectedPhotoId);
  const photo = useAppStore((state) => photoById(state.pages, state.selectedPhotoId));
  const detail = useAppStore((state) => state.detail);
  const detailError = useAppStore((state) => state.detailError);
  const loadDetail = useAppStore((state) => state.loadDetail);
  const moveSelection = useAppStore((state) => state.moveSelection);
  const setView = useAppStore((state) => state.setView);
  usePrefetchNeighbours(selectedIndex);

  const photoId = selectedPhotoId;
  useEffect(() => {
    if (photoId !== null) void loadDetail(photoId);
  }, [photoId, loadDetail]);

  const shown = detail && detail.photo.id === photoId ? detail : null;
  // The grid's row is fresher for marks (cull:set answers update it first); the detail has the result.
  const summary = photo ?? shown?.photo;

  return (
    <section className="detail-view" data-testid={TEST_IDS.detailView} data-photo-id={photoId ?? ''}>
      <header className="detail-bar">
        <button type="button" className="secondary small" onClick={() => setView('grid')} title="Back to the grid (Esc)">
          ← Grid <kbd>Esc</kbd>
        </button>
        <button type="button" className="secondary small" onClick={() => moveSelection(-1)} disabled={selectedIndex === 0} title="Previous (←)">
          ‹
        </button>
        <span className="detail-position">
          {total === null ? '' : `${selectedIndex + 1} of ${total}`}
        </span>
        <button type="button" className="secondary small" onClick={() => moveSelection(1)} disabled={total === null || selectedIndex >= total - 1} title="Next (→)">
          ›
        </button>
        {summary && (
          <>
            <span className="detail-name" title={summary.path}>
              {summary.name}
            </span>
            <span className={`rating-pill ${ratingClassName(summary.rating)}`} data-verdict={summary.personal ? summary.personal.verdict : ''} title={personalTitle(summary) ?? undefined}>
              {formatScore(summary.score)}
              {summary.personal && <small className="personal-pill-note"> · your model v{summary.personal.version}: {summary.personal.verdict}</small>}
            </span>
            <CullControls photo={summary} />
          </>
        )}
      </header>
      {!summary ? (
        <p className="empty">{total === 0 ? 'No photo to show.' : 'Loading…'}</p>
      ) : (
        <div className="detail-body">
          <div className="detail-stage">
            <PreviewWithFaces
              imageHash={summary.imageHash}
              name={summary.name}
              width={shown?.result?.quality.width ?? summary.width}
              height={shown?.result?.quality.height ?? summary.height}
              faces={shown?.result?.faces ?? null}
            />
            {summary.needsReview && summary.reviewReason && !summary.reviewed && <p className="detail-review-reason">Needs review: {summary.reviewReason}</p>}
            <StackInfo photoId={summary.id} />
          </div>
          <aside className="detail-panel">
            {detailError && <p className="notice notice-error">The detail did not load. {detailError}</p>}
            {shown ? <ResultPanel detail={shown} /> : !detailError && <p className="muted">Loading the rating…</p>}
          </aside>
        </div>
      )}
    </section>
  );
}
