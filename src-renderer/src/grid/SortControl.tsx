import { PHOTO_SORTS, type PhotoSort } from '../../../src-preload/contract/library-types.js';
import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';

const SORT_LABELS: Record<PhotoSort, string> = {
  score: 'Score',
  captured: 'Capture time',
  name: 'Name',
  sharpness: 'Sharpness',
  faces: 'Faces',
};

export function SortControl() {
  const sort = useAppStore((state) => state.sort);
  const direction = useAppStore((state) => state.direction);
  const setSort = useAppStore((state) => state.setSort);
  return (
    <div className="sort-control">
      <label htmlFor="sort-select">Sort</label>
      {/* A new sort keeps the direction, as Lightroom does: flipping it is the button beside. */}
      <select id="sort-select" data-testid={TEST_IDS.sortSelect} value={sort} onChange={(event) => setSort(event.target.value as PhotoSort, direction)}>
        {PHOTO_SORTS.map((option) => (
          <option key={option} value={option}>
            {SORT_LABELS[option]}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="small secondary"
        data-testid={TEST_IDS.sortDirection}
        data-direction={direction}
        title={direction === 'desc' ? 'Descending: click for ascending' : 'Ascending: click for descending'}
        onClick={() => setSort(sort, direction === 'desc' ? 'asc' : 'desc')}
      >
        {direction === 'desc' ? '↓ desc' : '↑ asc'}
      </button>
    </div>
  );
}
