import { ExportDialog } from '../export/ExportDialog.tsx';
import { useAppStore } from '../store/app-store.ts';
import { activeFilterCount } from '../store/grid-slice.ts';
import { FilterBar } from './FilterBar.tsx';
import { PhotoGrid } from './PhotoGrid.tsx';
import { SelectionBar } from './SelectionBar.tsx';
import { SortControl } from './SortControl.tsx';
import { StackToggle } from './StackToggle.tsx';
import { TEST_IDS } from '../test-ids.ts';

export function GridView() {
  const total = useAppStore((state) => state.total);
  const error = useAppStore((state) => state.gridError);
  const catalogTotal = useAppStore((state) => state.facets?.total ?? null);
  const filtered = useAppStore((state) => activeFilterCount(state.filters) > 0);
  const setView = useAppStore((state) => state.setView);
  const openExport = useAppStore((state) => state.openExport);

  return (
    <section className="grid-view">
      <FilterBar />
      <div className="grid-main">
        <div className="grid-toolbar">
          <SortControl />
          <StackToggle />
          <span className="muted">
            {total === null ? 'Loading…' : `${total.toLocaleString()} ${total === 1 ? 'photo' : 'photos'}${filtered && catalogTotal !== null ? ` of ${catalogTotal.toLocaleString()}` : ''}`}
          </span>
          <SelectionBar />
          <span className="grid-hint muted">
            Enter opens · F loupe · P pick · X reject · 0–5 stars · 6–9 V labels · <kbd>?</kbd> all keys
          </span>
          <button type="button" className="small secondary" data-testid={TEST_IDS.exportButton} onClick={() => openExport(true)}>
            Export…
          </button>
        </div>
        {error && <p className="notice notice-error">The photos did not load. {error}</p>}
        {total === 0 &&
          (filtered ? (
            <p className="empty">No photo matches these filters.</p>
          ) : (
            <p className="empty">
              No photos yet.{' '}
              <button type="button" className="link" onClick={() => setView('library')}>
                Add a folder
              </button>{' '}
              to start.
            </p>
          ))}
        <PhotoGrid />
      </div>
      <ExportDialog />
    </section>
  );
}
