import { useAppStore } from '../store/app-store.ts';
import { TILE_SIZES } from '../store/loupe-slice.ts';
import { TEST_IDS } from '../test-ids.ts';

/** How many photos a batch mark would touch, and undo / redo within reach of the mouse too. */
export function SelectionBar() {
  const count = useAppStore((state) => state.multiSelection.length);
  const canUndo = useAppStore((state) => state.canUndo);
  const canRedo = useAppStore((state) => state.canRedo);
  const autoAdvance = useAppStore((state) => state.autoAdvance);
  const tileSize = useAppStore((state) => state.tileSize);
  return (
    <span className="selection-bar">
      {count > 1 && (
        <span className="selection-count" data-testid={TEST_IDS.selectionCount} data-count={count} title="P, X, U and 0–5 mark them all at once; Esc clears">
          {count.toLocaleString()} selected
        </span>
      )}
      <button type="button" className="ghost small" data-testid={TEST_IDS.undoButton} disabled={!canUndo} onClick={() => void useAppStore.getState().undoMarks()} title="Undo the last mark change (Ctrl+Z)">
        ↶ Undo
      </button>
      <button type="button" className="ghost small" data-testid={TEST_IDS.redoButton} disabled={!canRedo} onClick={() => void useAppStore.getState().redoMarks()} title="Redo (Ctrl+Shift+Z)">
        ↷ Redo
      </button>
      <label className="thumb-size" title="Thumbnail size">
        ▦
        <input
          type="range"
          data-testid="thumb-size"
          aria-label="Thumbnail size"
          min={TILE_SIZES.min}
          max={TILE_SIZES.max}
          step={10}
          value={tileSize}
          onChange={(event) => useAppStore.getState().setTileSize(Number(event.target.value))}
          onPointerUp={(event) => event.currentTarget.blur()}
        />
      </label>
      <label className="inline-check" title="After P, X or stars on one photo, go to the next">
        <input type="checkbox" checked={autoAdvance} onChange={(event) => useAppStore.getState().setAutoAdvance(event.target.checked)} /> Auto-advance
      </label>
    </span>
  );
}
