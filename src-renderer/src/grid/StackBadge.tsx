import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';

/**
 * The burst a tile belongs to: on a collapsed stack, how many frames it holds (click or S opens
 * it); on an open stack, which frame this is, whether it is the best, and the user's edits —
 * detach this frame, or split it and the later frames off as a stack of their own (M merges).
 * The tooltip says why the best frame is best. Reads the store itself so the memoised tile does
 * not re-render for it.
 */
export function StackBadge({ photoId }: { photoId: number }) {
  const group = useAppStore((state) => state.stackOf.get(photoId));
  const open = useAppStore((state) => (group ? !state.stacksCollapsed || state.expandedGroups.has(group.id) : false));
  const toggleStack = useAppStore((state) => state.toggleStack);
  const editGroups = useAppStore((state) => state.editGroups);
  if (!group) return null;
  const best = group.bestPhotoId === photoId;
  const frame = group.photoIds.indexOf(photoId) + 1;
  const label = open ? `${best ? 'best · ' : ''}${frame}/${group.photoIds.length}` : `▣ ${group.photoIds.length}`;
  return (
    <span className="stack-controls" onClick={(event) => event.stopPropagation()} onDoubleClick={(event) => event.stopPropagation()}>
      {open && (
        <>
          <button
            type="button"
            className="stack-edit"
            data-testid={TEST_IDS.stackDetach}
            title="Detach this frame from the stack (it stays alone when the library is grouped again)"
            onClick={() => void editGroups('detach', [photoId])}
          >
            detach
          </button>
          {frame > 1 && (
            <button
              type="button"
              className="stack-edit"
              data-testid={TEST_IDS.stackSplit}
              title="Split: this frame and the later ones become a stack of their own"
              onClick={() => void editGroups('split', group.photoIds.slice(frame - 1))}
            >
              split
            </button>
          )}
        </>
      )}
      <button
        type="button"
        className={`stack-badge ${open ? 'stack-open' : 'stack-collapsed'} ${best ? 'stack-best' : ''}`}
        data-testid={TEST_IDS.stackBadge}
        data-group-id={group.id}
        data-size={group.photoIds.length}
        data-open={open}
        data-best={best}
        title={`${open ? 'Close' : 'Open'} the stack (S). ${group.reason} B picks the best and rejects the rest.`}
        onClick={() => toggleStack(photoId)}
      >
        {label}
      </button>
    </span>
  );
}
