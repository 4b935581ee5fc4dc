import { useEffect } from 'react';
import { bridge } from '../bridge.ts';
import { useAppStore } from '../store/app-store.ts';
import { rowOf, stackIsCollapsed } from '../store/loupe-slice.ts';
import { TEST_IDS } from '../test-ids.ts';
import { afterNextPaint } from './decoded-images.ts';

/** Frames either side of the current one in the strip. */
const REACH = 5;

/**
 * The frames of the current photo's burst, in capture order, above the filmstrip (Lightroom's
 * expanded stack in its filmstrip), while the grid shows the burst as one stack: every frame is
 * reachable from the loupe. ↓ / ↑ step through them, a click goes to one; the best frame has a star.
 * Frame rows the grid does not hold are read for the frames in view only.
 */
export function StackStrip() {
  const selectedPhotoId = useAppStore((state) => state.selectedPhotoId);
  // Only a stack the grid shows collapsed: an open one's frames are in the filmstrip already.
  const group = useAppStore((state) => (stackIsCollapsed(state, state.selectedPhotoId) ? state.stackOf.get(state.selectedPhotoId!) : undefined));
  const pages = useAppStore((state) => state.pages);
  const frameRows = useAppStore((state) => state.frameRows);
  const position = group ? group.photoIds.indexOf(selectedPhotoId ?? -1) : -1;
  // A long burst (a sports sequence, or copies of one photo) shows the frames around the current one.
  const first = Math.max(0, position - REACH);
  const shown = group ? group.photoIds.slice(first, position + REACH + 1) : [];
  const wanted = shown.join(',');
  useEffect(() => {
    if (!wanted) return;
    // After the photo has painted: the strip's rows never delay the key that brought it.
    let live = true;
    void afterNextPaint().then(() => {
      if (live) void useAppStore.getState().loadFrameRows(wanted.split(',').map(Number));
    });
    return () => {
      live = false;
    };
  }, [wanted]);
  if (!group || group.photoIds.length < 2) return null;
  return (
    <div className="stack-strip" data-testid={TEST_IDS.stackStrip} data-group-id={group.id} data-size={group.photoIds.length}>
      <span className="stack-strip-title muted" title={group.reason}>
        Burst · frame {position + 1} of {group.photoIds.length} · <kbd>↓</kbd>/<kbd>↑</kbd> frames · <kbd>C</kbd> compare · <kbd>B</kbd> best
      </span>
      {shown.map((id, offset) => {
        const index = first + offset;
        const row = rowOf({ pages, frameRows }, id);
        const current = id === selectedPhotoId;
        const best = id === group.bestPhotoId;
        return (
          <button
            key={id}
            type="button"
            className={`filmstrip-item stack-frame ${current ? 'filmstrip-current' : ''} ${row?.mark ? `filmstrip-${row.mark}` : ''}`}
            data-testid={TEST_IDS.stackFrame}
            data-photo-id={id}
            data-best={best}
            aria-current={current ? 'true' : undefined}
            title={`${row?.name ?? `Frame ${index + 1}`}${best ? ' (the best frame)' : ''}`}
            onClick={() => useAppStore.getState().showFrame(id)}
          >
            {row?.imageHash ? <img src={bridge().mediaUrl('thumb', row.imageHash)} alt={row.name} draggable={false} /> : <span>{index + 1}</span>}
            {best && <span className="stack-frame-best">★</span>}
            {row?.mark && <span className="filmstrip-mark">{row.mark === 'pick' ? '⚑' : '✕'}</span>}
          </button>
        );
      })}
    </div>
  );
}
