import { useEffect, useState } from 'react';
import { COLOR_LABELS, type FacetCount, type LabelFilter, type MarkFilter } from '../../../src-preload/contract/library-types.js';
import { labelName } from '../common/LabelControls.tsx';
import type { ContentLevel, RatingClass } from '../../../src-preload/contract/rating-result.js';
import { humanize } from '../common/format.ts';
import { useAppStore } from '../store/app-store.ts';
import { activeFilterCount, type GridFilters } from '../store/grid-slice.ts';
import { TEST_IDS } from '../test-ids.ts';
import { useFilteredFacets } from './use-filtered-facets.ts';

const MARK_OPTIONS: Array<{ value: MarkFilter; label: string }> = [
  { value: 'pick', label: 'Picked' },
  { value: 'reject', label: 'Rejected' },
  { value: 'none', label: 'Unflagged' },
];

const TAGS_SHOWN = 16;

function toggled<T>(list: T[] | undefined, value: T): T[] {
  const current = list ?? [];
  return current.includes(value) ? current.filter((item) => item !== value) : [...current, value];
}

function Chips<T extends string>({ counts, selected, onToggle, className }: { counts: Array<{ value: T; count: number | null; label?: string }>; selected: T[] | undefined; onToggle: (value: T) => void; className?: string }) {
  return (
    <div className="chips">
      {counts.map(({ value, count, label }) => (
        <button
          key={value}
          type="button"
          className={`chip ${className ? `chip-${className}-${value.toLowerCase()}` : ''} ${selected?.includes(value) ? 'chip-on' : ''}`}
          aria-pressed={selected?.includes(value) ?? false}
          onClick={() => onToggle(value)}
        >
          {label ?? value}
          {count !== null && <span className="chip-count">{count}</span>}
        </button>
      ))}
    </div>
  );
}

/** Facets in a fixed order; a value the catalog has none of still shows, with 0. */
function countsFor<T extends string>(order: readonly T[], facets: FacetCount[] | undefined) {
  return order.map((value) => ({ value, count: facets ? (facets.find((facet) => facet.value === value)?.count ?? 0) : null }));
}

export function FilterBar() {
  const filters = useAppStore((state) => state.filters);
  const catalogFacets = useAppStore((state) => state.facets);
  // The chips count under the other filters; the footer counts the whole catalog.
  const facets = useFilteredFacets(filters, catalogFacets) ?? catalogFacets;
  const facetsError = useAppStore((state) => state.facetsError);
  const folders = useAppStore((state) => state.folders);
  const setFilters = useAppStore((state) => state.setFilters);
  const clearFilters = useAppStore((state) => state.clearFilters);
  const patch = (change: Partial<GridFilters>) => setFilters(change);

  return (
    <aside className="filter-bar" data-testid={TEST_IDS.filterBar}>
      <header className="filter-header">
        <h3>Filters</h3>
        {activeFilterCount(filters) > 0 && (
          <button type="button" className="small ghost" onClick={clearFilters}>
            Clear all
          </button>
        )}
      </header>
      {facetsError && <p className="field-error">Counts unavailable. {facetsError}</p>}
      <SearchBox value={filters.search ?? ''} onChange={(search) => patch({ search: search || undefined })} />

      <section>
        <h4>Rating</h4>
        <Chips<RatingClass>
          className="rating"
          counts={countsFor(['High', 'Medium', 'Low'] as const, facets?.ratings)}
          selected={filters.ratings}
          onToggle={(value) => patch({ ratings: toggled(filters.ratings, value) })}
        />
      </section>

      <section>
        <h4>Content</h4>
        <Chips<ContentLevel>
          className="content"
          counts={countsFor(['safe', 'revealing', 'suggestive', 'nsfw'] as const, facets?.contentLevels)}
          selected={filters.contentLevels}
          onToggle={(value) => patch({ contentLevels: toggled(filters.contentLevels, value) })}
        />
      </section>

      <section>
        <h4>Review</h4>
        <select
          value={filters.review ?? (filters.needsReview ? 'needs' : 'any')}
          onChange={(event) => {
            const choice = event.target.value;
            if (choice === 'any') patch({ needsReview: undefined, review: undefined });
            else if (choice === 'needs') patch({ needsReview: true, review: undefined });
            else patch({ needsReview: true, review: choice as 'pending' | 'done' });
          }}
        >
          <option value="any">Any</option>
          <option value="needs">Needs review{facets ? ` (${facets.needsReview})` : ''}</option>
          <option value="pending">Review pending{facets ? ` (${facets.reviewPending})` : ''}</option>
          <option value="done">Reviewed</option>
        </select>
      </section>

      <section>
        <h4>Marks</h4>
        <Chips<MarkFilter>
          counts={MARK_OPTIONS.map((option) => ({ ...option, count: null }))}
          selected={filters.marks}
          onToggle={(value) => patch({ marks: toggled(filters.marks, value) })}
        />
        <label className="inline-field">
          At least
          <select value={filters.minStars ?? 0} onChange={(event) => patch({ minStars: Number(event.target.value) || undefined })}>
            {[0, 1, 2, 3, 4, 5].map((stars) => (
              <option key={stars} value={stars}>
                {stars === 0 ? 'any stars' : `${'★'.repeat(stars)}`}
              </option>
            ))}
          </select>
        </label>
      </section>

      <section>
        <h4>Colour label</h4>
        <Chips<LabelFilter>
          className="label"
          counts={[...countsFor(COLOR_LABELS, facets?.labels).map((entry) => ({ ...entry, label: labelName(entry.value) })), { value: 'none' as const, label: 'No label', count: null }]}
          selected={filters.labels}
          onToggle={(value) => patch({ labels: toggled(filters.labels, value) })}
        />
      </section>

      {facets && facets.issues.length > 0 && (
        <section>
          <h4>Issues (any of)</h4>
          <Chips
            counts={facets.issues.map((facet) => ({ value: facet.value, count: facet.count, label: humanize(facet.value) }))}
            selected={filters.issues}
            onToggle={(value) => patch({ issues: toggled(filters.issues, value) })}
          />
        </section>
      )}

      {facets && facets.tags.length > 0 && (
        <section>
          <h4>Tags (all of)</h4>
          <Chips
            counts={facets.tags.slice(0, TAGS_SHOWN).map((facet) => ({ value: facet.value, count: facet.count }))}
            selected={filters.tags}
            onToggle={(value) => patch({ tags: toggled(filters.tags, value) })}
          />
        </section>
      )}

      {folders && folders.length > 1 && (
        <section>
          <h4>Folder</h4>
          <select value={filters.folderId ?? ''} onChange={(event) => patch({ folderId: event.target.value ? Number(event.target.value) : undefined })}>
            <option value="">All folders</option>
            {folders.map((folder) => (
              <option key={folder.id} value={folder.id}>
                {folder.path}
              </option>
            ))}
          </select>
        </section>
      )}

      {catalogFacets && (
        <p className="muted facet-total">
          {catalogFacets.total} in the catalog{catalogFacets.failed > 0 ? `, ${catalogFacets.failed} failed to rate` : ''}
        </p>
      )}
    </aside>
  );
}

/** Typing a name re-queries after a pause, not on every keystroke. */
function SearchBox({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onChange(draft), 250);
    return () => clearTimeout(timer);
  }, [draft, value, onChange]);
  // Enter or ↓ hands the keyboard back to the grid, so P and X cull again without Esc first.
  return (
    <input
      type="search"
      className="search"
      placeholder="Search file names"
      title="Enter or ↓ goes back to the photos, so P and X mark again"
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === 'ArrowDown') {
          event.preventDefault();
          event.currentTarget.blur();
        }
      }}
    />
  );
}
