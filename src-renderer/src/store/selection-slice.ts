import { PHOTO_PAGE_LIMIT, type CullRequest, type PhotoSummary } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { photoAt, photoById } from './grid-slice.ts';
import type { SliceCreator } from './slice.ts';
import type { View } from './ui-slice.ts';

/** Views that show one photo: when that photo leaves the library, they close instead of showing another. */
const SINGLE_PHOTO_VIEWS: View[] = ['detail', 'loupe'];

/** Where a mark on one photo moves on to the next one when auto-advance is on. */
const ADVANCING_VIEWS: View[] = ['grid', 'detail', 'loupe'];

/** A mark change: every field of a cull request but the photos (labels and whatever comes next included). */
export type CullChange = Omit<CullRequest, 'photoIds'>;

export type ClickModifiers = { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean };

export type SelectionSlice = {
  /**
   * The photos selected together (ids; the current photo among them) when there are two or more;
   * empty when the selection is the current photo alone. Marks apply to all of them at once.
   */
  multiSelection: number[];
  /** Where a Shift-range starts: the position of the last plain or Ctrl click. */
  selectionAnchor: number | null;
  /**
   * Photos were removed from the catalog (their files deleted or moved away). If the selected one
   * is among them, its view closes with a notice naming it, rather than sliding the next photo
   * under the cursor where the next key would mark it.
   */
  forgetRemovedPhotos: (photoIds: number[]) => void;
  /** A click on a tile: plain selects it alone, Ctrl/⌘ adds or removes it, Shift takes the range from the anchor. */
  clickSelect: (index: number, modifiers: ClickModifiers) => void;
  /** Shift+arrows: the range from the anchor to `delta` photos on. */
  extendSelection: (delta: number) => void;
  /** Ctrl+A: every photo the current sort and filters show. */
  selectAll: () => Promise<void>;
  clearMultiSelection: () => void;
  /** The photos a mark applies to now: the multi-selection, or the current photo (the review queue's in review). */
  targetPhotoIds: () => number[];
  /**
   * P, X, U, stars, labels: saved for the target photos in one cull:set (one undo step), shown at
   * once in every view; on one photo with auto-advance on, the next photo is selected right away.
   */
  applyCull: (change: CullChange) => Promise<void>;
  /** Fresh rows from a cull answer, into the grid, the review queue and the open detail. */
  showSummaries: (summaries: PhotoSummary[]) => void;
};

function idsBetween(pages: Map<number, PhotoSummary[]>, from: number, to: number): number[] {
  const ids: number[] = [];
  for (let index = Math.min(from, to); index <= Math.max(from, to); index++) {
    const photo = photoAt({ pages }, index);
    if (photo) ids.push(photo.id);
  }
  return ids;
}

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set, get) => ({
  multiSelection: [],
  selectionAnchor: null,
  forgetRemovedPhotos: (photoIds) => {
    const state = get();
    const gone = new Set(photoIds);
    if (state.multiSelection.some((id) => gone.has(id))) set({ multiSelection: state.multiSelection.filter((id) => !gone.has(id)) });
    const selected = state.selectedPhotoId;
    if (selected === null || !gone.has(selected)) return;
    const name = photoById(state.pages, selected)?.name ?? (state.detail?.photo.id === selected ? state.detail.photo.name : `Photo ${selected}`);
    // No id: the next page read adopts whatever photo then sits at the position, in the grid.
    set({ selectedPhotoId: null });
    if (SINGLE_PHOTO_VIEWS.includes(state.view)) {
      state.setView('grid');
      state.notify(`${name} is no longer in the library (its file was deleted or moved), so its view closed.`);
    }
  },
  clickSelect: (index, modifiers) => {
    const state = get();
    const photo = photoAt(state, index);
    if (!photo) return;
    if (modifiers.shiftKey) {
      const anchor = state.selectionAnchor ?? state.selectedIndex;
      state.select(index);
      set({ multiSelection: idsBetween(state.pages, anchor, index), selectionAnchor: anchor });
      return;
    }
    if (modifiers.ctrlKey || modifiers.metaKey) {
      const current = state.multiSelection.length > 0 ? state.multiSelection : state.selectedPhotoId !== null ? [state.selectedPhotoId] : [];
      const next = current.includes(photo.id) ? current.filter((id) => id !== photo.id) : [...current, photo.id];
      state.select(index);
      set({ multiSelection: next.length > 1 ? next : [], selectionAnchor: index });
      return;
    }
    state.select(index);
    set({ multiSelection: [], selectionAnchor: index });
  },
  extendSelection: (delta) => {
    const state = get();
    const anchor = state.selectionAnchor ?? state.selectedIndex;
    state.select(state.selectedIndex + delta);
    const reached = get().selectedIndex;
    set({ multiSelection: reached === anchor ? [] : idsBetween(get().pages, anchor, reached), selectionAnchor: anchor });
  },
  selectAll: async () => {
    const { sort, direction, filters } = get();
    const reply = await bridge().photosList({ ...filters, sort, direction, offset: 0, limit: PHOTO_PAGE_LIMIT });
    if (!reply.ok) {
      get().reportError('Could not select every photo', reply.error);
      return;
    }
    const ids = reply.value.items.map((item) => item.id);
    set({ multiSelection: ids.length > 1 ? ids : [], selectionAnchor: 0 });
  },
  clearMultiSelection: () => set({ multiSelection: [], selectionAnchor: null }),
  targetPhotoIds: () => {
    const state = get();
    if (state.view === 'review') {
      const id = state.reviewQueue?.[state.reviewIndex]?.id;
      return id === undefined ? [] : [id];
    }
    if (state.multiSelection.length > 1 && state.view !== 'loupe' && state.view !== 'detail') return state.multiSelection;
    return state.selectedPhotoId === null ? [] : [state.selectedPhotoId];
  },
  applyCull: async (change) => {
    const state = get();
    const photoIds = state.targetPhotoIds();
    if (photoIds.length === 0) return;
    // Move first, save after: the next photo paints while the mark travels to the catalog.
    if (photoIds.length === 1 && state.autoAdvance && ADVANCING_VIEWS.includes(state.view)) state.advance();
    const reply = await bridge().cullSet({ photoIds, ...change });
    if (!reply.ok) {
      get().reportError(photoIds.length > 1 ? `The marks of ${photoIds.length} photos were not saved` : 'The mark was not saved', reply.error);
      return;
    }
    set({ canUndo: true, canRedo: false });
    get().showSummaries(reply.value);
  },
  showSummaries: (summaries) => {
    const state = get();
    state.replaceSummaries(summaries);
    state.replaceReviewSummaries(summaries);
    state.replaceDetailSummary(summaries);
    state.replaceFrameRows(summaries);
  },
});
