import {
  PHOTO_PAGE_LIMIT,
  type PhotoFacets,
  type PhotoQuery,
  type PhotoSort,
  type PhotoSummary,
  type SortDirection,
} from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { describeError } from '../common/errors.ts';
import { stackQuery } from './groups-slice.ts';
import type { SliceCreator } from './slice.ts';

/**
 * Photos arrive in pages of this many, fetched when the grid scrolls near them: a 10,000-photo
 * catalog costs the first screen one request, not one 10,000-row answer.
 */
export const GRID_PAGE_SIZE = Math.min(400, PHOTO_PAGE_LIMIT);

export type GridFilters = Omit<PhotoQuery, 'sort' | 'direction' | 'offset' | 'limit'>;

export type GridSlice = {
  sort: PhotoSort;
  direction: SortDirection;
  filters: GridFilters;
  /** Photos matching the query; null until the first page answers. */
  total: number | null;
  /** Page index → that page's photos. Replaced, never mutated, so selectors see the change. */
  pages: Map<number, PhotoSummary[]>;
  gridError: string | null;
  facets: PhotoFacets | null;
  facetsError: string | null;
  selectedIndex: number;
  /**
   * The selected photo itself: marks, the detail view and the loupe follow this id, and
   * `selectedIndex` is re-derived from it whenever a page arrives (new files, a re-sort), so that
   * nothing slides under the cursor. Null until the photo at `selectedIndex` has loaded.
   */
  selectedPhotoId: number | null;
  /** Tiles per row as the grid last laid them out: what ↑ and ↓ move by. */
  columns: number;
  setSort: (sort: PhotoSort, direction: SortDirection) => void;
  setFilters: (patch: Partial<GridFilters>) => void;
  clearFilters: () => void;
  /** The grid shows rows covering these photo indices (inclusive); load what is missing or stale. */
  ensureRange: (first: number, last: number) => void;
  /** Something changed in the catalog: re-read the visible pages now, the others when next seen. */
  refreshPhotos: () => void;
  loadFacets: () => Promise<void>;
  select: (index: number) => void;
  moveSelection: (delta: number) => void;
  setColumns: (columns: number) => void;
  /** Fresh rows for photos already on screen (after a mark was saved). */
  replaceSummaries: (summaries: PhotoSummary[]) => void;
};

/** Photo at a position of the current query, if its page is loaded. */
export function photoAt(state: Pick<GridSlice, 'pages'>, index: number): PhotoSummary | undefined {
  return state.pages.get(Math.floor(index / GRID_PAGE_SIZE))?.[index % GRID_PAGE_SIZE];
}

/** Where a photo is among the loaded pages, or -1 when no loaded page holds it. */
export function indexOfPhoto(pages: Map<number, PhotoSummary[]>, photoId: number): number {
  for (const [page, items] of pages) {
    const offset = items.findIndex((item) => item.id === photoId);
    if (offset >= 0) return page * GRID_PAGE_SIZE + offset;
  }
  return -1;
}

/** The loaded row of a photo, wherever it now sits. */
export function photoById(pages: Map<number, PhotoSummary[]>, photoId: number | null): PhotoSummary | undefined {
  if (photoId === null) return undefined;
  for (const items of pages.values()) {
    const found = items.find((item) => item.id === photoId);
    if (found) return found;
  }
  return undefined;
}

/**
 * The selection after pages changed: the selected photo keeps its id and takes its new position;
 * one that no loaded page holds any more keeps the id (its view still shows it, its marks still
 * land on it) and the nearest valid position. Without an id yet, the photo now at the index is it.
 */
export function followSelection(
  state: Pick<GridSlice, 'selectedIndex' | 'selectedPhotoId'>,
  pages: Map<number, PhotoSummary[]>,
  total: number,
  freshPage: number,
  /** A new sort or filter: a photo the first page does not show gives way to the first photo, so no invisible photo takes the next mark. */
  newQuery = false,
) {
  const clamped = Math.max(0, Math.min(state.selectedIndex, total - 1));
  if (state.selectedPhotoId !== null) {
    // The page just read is the truth; a stale page may still hold the photo at its old place.
    const fresh = indexOfPhoto(new Map([[freshPage, pages.get(freshPage) ?? []]]), state.selectedPhotoId);
    const index = fresh >= 0 ? fresh : newQuery ? -1 : indexOfPhoto(pages, state.selectedPhotoId);
    if (index < 0 && newQuery) return { selectedIndex: 0, selectedPhotoId: photoAt({ pages }, 0)?.id ?? null };
    return { selectedIndex: index >= 0 ? index : clamped, selectedPhotoId: state.selectedPhotoId };
  }
  return { selectedIndex: clamped, selectedPhotoId: photoAt({ pages }, clamped)?.id ?? null };
}

/**
 * A burst frame the grid hides (its stack collapsed) stands at its stack's place: the position of
 * the stack's member the loaded pages list, or -1. The loupe's "n of m", its filmstrip and → count
 * from there.
 */
export function stackPlace(pages: Map<number, PhotoSummary[]>, frames: readonly number[] | undefined): number {
  for (const id of frames ?? []) {
    const index = indexOfPhoto(pages, id);
    if (index >= 0) return index;
  }
  return -1;
}

export function activeFilterCount(filters: GridFilters): number {
  return Object.values(filters).filter((value) => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)).length;
}

// Bookkeeping that no component renders, kept out of the store so that it never causes a render.
let queryGeneration = 0;
let requestCounter = 0;
/** Page → the latest request for it; an older answer for the same page is dropped. */
const pendingPages = new Map<number, number>();
/** Pages shown before the last catalog change, kept on screen until re-read. */
const stalePages = new Set<number>();
let visibleRange = { first: 0, last: 0 };
/** The first page of a new sort or filter is on its way: it decides where the selection goes. */
let newQueryPending = false;

function pagesCovering(first: number, last: number): number[] {
  const pages: number[] = [];
  for (let page = Math.floor(first / GRID_PAGE_SIZE); page <= Math.floor(Math.max(first, last) / GRID_PAGE_SIZE); page++) pages.push(page);
  return pages;
}

export const createGridSlice: SliceCreator<GridSlice> = (set, get) => {
  const query = (page: number): PhotoQuery => {
    const { sort, direction, filters } = get();
    return { ...filters, ...stackQuery(get()), sort, direction, offset: page * GRID_PAGE_SIZE, limit: GRID_PAGE_SIZE };
  };

  const loadPage = async (page: number, force: boolean) => {
    if (!force && pendingPages.has(page)) return;
    const generation = queryGeneration;
    const request = ++requestCounter;
    pendingPages.set(page, request);
    const reply = await bridge().photosList(query(page));
    if (generation !== queryGeneration || pendingPages.get(page) !== request) return;
    pendingPages.delete(page);
    if (!reply.ok) {
      set({ gridError: describeError(reply.error) });
      return;
    }
    stalePages.delete(page);
    const { total, items } = reply.value;
    set((state) => {
      const pages = new Map(state.pages);
      pages.set(page, items);
      // A catalog that shrank leaves pages past its end: drop them rather than show ghosts.
      for (const index of pages.keys()) if (index * GRID_PAGE_SIZE >= total) pages.delete(index);
      const newQuery = newQueryPending && page === 0;
      if (newQuery) newQueryPending = false;
      const followed = followSelection(state, pages, total, page, newQuery);
      const place = followed.selectedPhotoId !== null && indexOfPhoto(pages, followed.selectedPhotoId) < 0 ? stackPlace(pages, state.stackOf.get(followed.selectedPhotoId)?.photoIds) : -1;
      return { pages, total, gridError: null, ...followed, ...(place >= 0 ? { selectedIndex: place } : {}) };
    });
  };

  const restart = () => {
    queryGeneration++;
    pendingPages.clear();
    stalePages.clear();
    // A new sort or filter starts at the top; the selected photo is found again if page 0 has it.
    // A multi-selection may hold photos the new filter hides: a batch must never mark unseen photos.
    set({ pages: new Map(), total: null, selectedIndex: 0, gridError: null, multiSelection: [], selectionAnchor: null });
    newQueryPending = true;
    void loadPage(0, true);
  };

  return {
    sort: 'score',
    direction: 'desc',
    filters: {},
    total: null,
    pages: new Map(),
    gridError: null,
    facets: null,
    facetsError: null,
    selectedIndex: 0,
    selectedPhotoId: null,
    columns: 1,
    setSort: (sort, direction) => {
      set({ sort, direction });
      restart();
    },
    setFilters: (patch) => {
      set((state) => ({ filters: { ...state.filters, ...patch } }));
      restart();
    },
    clearFilters: () => {
      set({ filters: {} });
      restart();
    },
    ensureRange: (first, last) => {
      visibleRange = { first, last };
      const { pages, total } = get();
      if (total === null) {
        void loadPage(0, false);
        return;
      }
      for (const page of pagesCovering(first, Math.min(last, total - 1))) {
        if (!pages.has(page) || stalePages.has(page)) void loadPage(page, false);
      }
    },
    refreshPhotos: () => {
      const { pages } = get();
      if (pages.size === 0) {
        void loadPage(0, true);
        return;
      }
      const visible = new Set(pagesCovering(visibleRange.first, visibleRange.last));
      // The selected photo's page matters too: the detail view may be far from the grid's scroll.
      visible.add(Math.floor(get().selectedIndex / GRID_PAGE_SIZE));
      for (const page of pages.keys()) {
        if (visible.has(page)) void loadPage(page, true);
        else stalePages.add(page);
      }
    },
    loadFacets: async () => {
      const reply = await bridge().photosFacets();
      if (reply.ok) set({ facets: reply.value, facetsError: null });
      else set({ facetsError: describeError(reply.error) });
    },
    select: (index) => {
      const { total } = get();
      if (total === null || total === 0) return;
      const selectedIndex = Math.max(0, Math.min(index, total - 1));
      set({ selectedIndex, selectedPhotoId: photoAt(get(), selectedIndex)?.id ?? null });
      get().ensureRange(selectedIndex, selectedIndex);
    },
    moveSelection: (delta) => get().select(get().selectedIndex + delta),
    setColumns: (columns) => set({ columns: Math.max(1, columns) }),
    replaceSummaries: (summaries) => {
      const byId = new Map(summaries.map((summary) => [summary.id, summary]));
      const { pages } = get();
      let changed = false;
      const next = new Map<number, PhotoSummary[]>();
      for (const [page, items] of pages) {
        const replaced = items.map((item) => byId.get(item.id) ?? item);
        if (replaced.some((item, index) => item !== items[index])) changed = true;
        next.set(page, replaced);
      }
      if (changed) set({ pages: next });
    },
  };
};
