import { PHOTO_SORTS, type PhotoSort, type SortDirection } from '../../../src-preload/contract/library-types.js';
import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';

const SORT_LABELS: Record<PhotoSort, string> = {
  score: 'Score',
  captured: 'Capture time',
  name: 'Name',
  sharpness: 'Sharpness',
  faces: 'Faces',
};

/**
 * The direction a sort opens in: best, newest, sharpest and most faces first, names A→Z.
 * Flipping it is the button beside.
 */
const NATURAL_DIRECTION: Record<PhotoSort, SortDirection> = { score: 'desc', captured: 'desc', name: 'asc', sharpness: 'desc', faces: 'desc' };

export function SortControl() {
  const sort = useAppStore((state) => state.sort);
  const direction = useAppStore((state) => state.direction);
  const setSort = useAppStore((state) => state.setSort);
  return (
    <div className="sort-control">
      <label htmlFor="sort-select">Sort</label>
      <select
        id="sort-select"
        data-testid={TEST_IDS.sortSelect}
        value={sort}
        onChange={(event) => {
          const next = event.target.value as PhotoSort;
          setSort(next, NATURAL_DIRECTION[next]);
        }}
      >
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
