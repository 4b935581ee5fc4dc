import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { indexOfPhoto, photoAt, photoById, stackPlace } from './grid-slice.ts';
import type { GroupsSlice } from './groups-slice.ts';
import type { SliceCreator } from './slice.ts';
import type { View } from './ui-slice.ts';

/** A point of the image, as fractions of its width and height (0–1): the same on every size of it. */
export type ImagePoint = { x: number; y: number };

export type Zoom = 'fit' | 'actual';

const AUTO_ADVANCE_KEY = 'culler.autoAdvance';
const TILE_SIZE_KEY = 'culler.tileSize';

/** The grid's smallest tile width, in CSS pixels: the thumbnail-size control's range. */
export const TILE_SIZES = { min: 120, max: 400, initial: 190 } as const;

function storedTileSize(): number {
  try {
    const stored = Number(globalThis.localStorage?.getItem(TILE_SIZE_KEY));
    return stored >= TILE_SIZES.min && stored <= TILE_SIZES.max ? stored : TILE_SIZES.initial;
  } catch {
    return TILE_SIZES.initial;
  }
}

function storedAutoAdvance(): boolean {
  try {
    return globalThis.localStorage?.getItem(AUTO_ADVANCE_KEY) !== 'false';
  } catch {
    return true;
  }
}

export type LoupeSlice = {
  /** Where Esc returns from the loupe or compare. */
  loupeReturnView: View;
  /** Compare was opened from the loupe: Esc goes back to it (and from there to loupeReturnView). */
  compareFromLoupe: boolean;
  /** `fit`: the whole photo as large as the screen allows; `actual`: 100 %, one image pixel per screen pixel. */
  zoom: Zoom;
  /**
   * The image point at the centre of the stage at 100 %; null means "the main face's eyes" (the
   * photo's centre without a face), worked out per photo, so the next photo opens on its own eyes.
   * Compare shares it: every pane shows the same point, which is what synced pan means.
   */
  zoomCenter: ImagePoint | null;
  /** After P, X, U or stars on one photo, go to the next (on by default, like Lightroom's Caps Lock). */
  autoAdvance: boolean;
  openLoupe: () => void;
  closeLoupe: () => void;
  /** Fit ↔ 100 %; at 100 % centred on `center` when given (a click), else on the eyes. */
  toggleZoom: (center?: ImagePoint | null) => void;
  setZoomCenter: (center: ImagePoint) => void;
  /** Moves the view by fractions of the image (drag, Ctrl/Alt+arrows), from `from` when the centre is still the default. */
  panBy: (dx: number, dy: number, from: ImagePoint) => void;
  setAutoAdvance: (on: boolean) => void;
  /** The thumbnail-size control: the grid fits as many tiles of at least this width as the window allows. */
  tileSize: number;
  setTileSize: (size: number) => void;
  /** The photos side by side in compare (2–4), in grid order, and the one the keys act on. */
  compareIds: number[];
  compareActive: number;
  /** C: the multi-selection (its first 4), or the current photo and the next one. */
  openCompare: () => void;
  moveCompareActive: (delta: number) => void;
  /** The active photo wins: picked, the others rejected, in one undoable step. */
  pickCompareWinner: () => Promise<void>;
  /**
   * Rows of burst frames that the grid does not list (their stack is collapsed), by id: the loupe's
   * stack strip, a frame shown in the loupe and compare read them. Kept fresh by showSummaries.
   */
  frameRows: Map<number, PhotoSummary>;
  /** Reads the rows of these photos that neither the grid's pages nor frameRows hold. */
  loadFrameRows: (photoIds: number[]) => Promise<void>;
  /** Fresh rows (a cull answer, an undo) for frames held in frameRows. */
  replaceFrameRows: (summaries: PhotoSummary[]) => void;
  /**
   * The loupe shows this frame of the current burst: a plain selection when the grid lists it (its
   * stack open), else the frame by id while the grid's position stays on its stack: marks land on
   * the frame, → and ← go on from the stack.
   */
  showFrame: (photoId: number) => void;
  /** ↓ / ↑ in the loupe: the next or previous frame of the current photo's collapsed burst, in capture order. */
  stepFrame: (delta: number) => void;
  /** Auto-advance: the next frame of a burst the loupe is stepping through (a frame the grid hides), else the next photo. */
  advance: () => void;
};

/** The row of a photo: the grid's, or a collapsed burst frame's read for the loupe. */
export function rowOf(state: Pick<LoupeSlice, 'frameRows'> & { pages: Map<number, PhotoSummary[]> }, photoId: number | null): PhotoSummary | undefined {
  if (photoId === null) return undefined;
  return photoById(state.pages, photoId) ?? state.frameRows.get(photoId);
}

/** Whether the grid shows this photo's burst as one stack (its best frame alone). */
export function stackIsCollapsed(state: Pick<GroupsSlice, 'stackOf' | 'stacksCollapsed' | 'expandedGroups'>, photoId: number | null): boolean {
  const group = photoId === null ? undefined : state.stackOf.get(photoId);
  return group !== undefined && group.photoIds.length > 1 && state.stacksCollapsed && !state.expandedGroups.has(group.id);
}

/** More than four side by side leaves each too small to judge. */
export const COMPARE_MAX = 4;

/** Frame rows being read now: a strip re-rendered meanwhile does not ask again. Never rendered, so kept out of the store. */
const readingRows = new Set<number>();

/** Where Esc from compare goes: back to the loupe it was opened from, else to the grid or detail. */
function compareReturn(state: { view: View; loupeReturnView: View }): { compareFromLoupe: boolean; loupeReturnView: View } {
  if (state.view === 'loupe') return { compareFromLoupe: true, loupeReturnView: state.loupeReturnView };
  return { compareFromLoupe: false, loupeReturnView: state.view === 'detail' ? 'detail' : 'grid' };
}

const clamp01 = (value: number) => Math.max(0, Math.min(1, value));

export const createLoupeSlice: SliceCreator<LoupeSlice> = (set, get) => ({
  loupeReturnView: 'grid',
  compareFromLoupe: false,
  zoom: 'fit',
  zoomCenter: null,
  autoAdvance: storedAutoAdvance(),
  openLoupe: () => {
    const { view, total } = get();
    if (!total || view === 'loupe') return;
    set({ loupeReturnView: view === 'detail' ? 'detail' : 'grid', zoom: 'fit', zoomCenter: null });
    get().setView('loupe');
  },
  closeLoupe: () => {
    const state = get();
    const back = state.view === 'compare' && state.compareFromLoupe ? 'loupe' : state.loupeReturnView;
    // Out of the loupe, a frame the grid hides must not stay selected, or the next key would mark a photo no one sees.
    if (back !== 'loupe' && state.selectedPhotoId !== null && photoById(state.pages, state.selectedPhotoId) === undefined && state.stackOf.has(state.selectedPhotoId)) {
      state.select(state.selectedIndex);
    }
    state.setView(back);
  },
  toggleZoom: (center) => set((state) => (state.zoom === 'fit' ? { zoom: 'actual', zoomCenter: center ?? null } : { zoom: 'fit', zoomCenter: null })),
  setZoomCenter: (center) => set({ zoomCenter: { x: clamp01(center.x), y: clamp01(center.y) } }),
  panBy: (dx, dy, from) =>
    set((state) => {
      const start = state.zoomCenter ?? from;
      return { zoomCenter: { x: clamp01(start.x + dx), y: clamp01(start.y + dy) } };
    }),
  setAutoAdvance: (autoAdvance) => {
    try {
      globalThis.localStorage?.setItem(AUTO_ADVANCE_KEY, String(autoAdvance));
    } catch {
      // A browser that refuses storage keeps the choice for this session only.
    }
    set({ autoAdvance });
  },
  tileSize: storedTileSize(),
  setTileSize: (size) => {
    const tileSize = Math.max(TILE_SIZES.min, Math.min(TILE_SIZES.max, Math.round(size)));
    try {
      globalThis.localStorage?.setItem(TILE_SIZE_KEY, String(tileSize));
    } catch {
      // Kept for this session only.
    }
    set({ tileSize });
  },
  compareIds: [],
  compareActive: 0,
  openCompare: () => {
    const state = get();
    const group = state.selectedPhotoId === null ? undefined : state.stackOf.get(state.selectedPhotoId);
    if (state.multiSelection.length < 2 && group && stackIsCollapsed(state, state.selectedPhotoId)) {
      // C on a stack: its frames side by side, best first (the first four).
      const ids = group.photoIds
        .map((id, position) => ({ id, rank: group.ranks[position] ?? position + 1 }))
        .sort((a, b) => a.rank - b.rank)
        .slice(0, COMPARE_MAX)
        .map((frame) => frame.id);
      void state.loadFrameRows(ids).then(() => {
        set({ compareIds: ids, compareActive: 0, ...compareReturn(state), zoom: 'fit', zoomCenter: null });
        get().setView('compare');
      });
      return;
    }
    let ids = state.multiSelection.length > 1 ? [...state.multiSelection] : [];
    if (ids.length === 0) {
      const next = photoAt(state, state.selectedIndex + 1) ?? photoAt(state, state.selectedIndex - 1);
      if (state.selectedPhotoId === null || !next) return;
      ids = [state.selectedPhotoId, next.id];
    }
    // Grid order, so the panes read left to right as the photos were taken or ranked.
    const position = (id: number) => {
      const index = indexOfPhoto(state.pages, id);
      return index < 0 ? Number.MAX_SAFE_INTEGER : index;
    };
    ids = ids.sort((a, b) => position(a) - position(b)).slice(0, COMPARE_MAX);
    const active = Math.max(0, ids.indexOf(state.selectedPhotoId ?? -1));
    set({ compareIds: ids, compareActive: active, ...compareReturn(state), zoom: 'fit', zoomCenter: null });
    state.setView('compare');
  },
  moveCompareActive: (delta) => set((state) => ({ compareActive: Math.max(0, Math.min(state.compareIds.length - 1, state.compareActive + delta)) })),
  pickCompareWinner: async () => {
    const { compareIds, compareActive } = get();
    const winner = compareIds[compareActive];
    if (winner === undefined) return;
    const others = compareIds.filter((id) => id !== winner);
    const reply = await bridge().cullSetEach({ requests: [{ photoIds: [winner], mark: 'pick' }, ...(others.length > 0 ? [{ photoIds: others, mark: 'reject' as const }] : [])] });
    if (!reply.ok) {
      get().reportError('The winner was not saved', reply.error);
      return;
    }
    set({ canUndo: true, canRedo: false });
    get().showSummaries(reply.value);
    get().notify(`Picked the winner and rejected ${others.length} ${others.length === 1 ? 'other' : 'others'} (Ctrl+Z undoes).`);
  },
  frameRows: new Map(),
  loadFrameRows: async (photoIds) => {
    const missing = photoIds.filter((id) => rowOf(get(), id) === undefined && !readingRows.has(id));
    if (missing.length === 0) return;
    for (const id of missing) readingRows.add(id);
    const replies = await Promise.all(missing.map((photoId) => bridge().photosDetail({ photoId }))).finally(() => {
      for (const id of missing) readingRows.delete(id);
    });
    const rows = replies.flatMap((reply) => (reply.ok ? [reply.value.photo] : []));
    if (rows.length === 0) return;
    set((state) => {
      const frameRows = new Map(state.frameRows);
      for (const row of rows) frameRows.set(row.id, row);
      return { frameRows };
    });
  },
  replaceFrameRows: (summaries) => {
    const { frameRows } = get();
    if (!summaries.some((summary) => frameRows.has(summary.id))) return;
    const next = new Map(frameRows);
    for (const summary of summaries) if (next.has(summary.id)) next.set(summary.id, summary);
    set({ frameRows: next });
  },
  showFrame: (photoId) => {
    const state = get();
    if (state.multiSelection.length > 0) state.clearMultiSelection();
    const index = indexOfPhoto(state.pages, photoId);
    if (index >= 0) state.select(index);
    else {
      const place = stackPlace(state.pages, state.stackOf.get(photoId)?.photoIds);
      set({ selectedPhotoId: photoId, ...(place >= 0 ? { selectedIndex: place } : {}) });
    }
  },
  stepFrame: (delta) => {
    const state = get();
    // An open stack's frames are in the grid (→ walks them); ↓ / ↑ reach the frames a collapsed one hides.
    if (!stackIsCollapsed(state, state.selectedPhotoId)) return;
    const group = state.stackOf.get(state.selectedPhotoId!);
    if (!group) return;
    const target = group.photoIds[group.photoIds.indexOf(state.selectedPhotoId!) + delta];
    if (target !== undefined) state.showFrame(target);
  },
  advance: () => {
    const state = get();
    const id = state.selectedPhotoId;
    const group = id === null ? undefined : state.stackOf.get(id);
    // A frame the grid hides is reached only by stepping through its burst: go on through it.
    if (state.view === 'loupe' && group && id !== null && photoById(state.pages, id) === undefined) {
      const next = group.photoIds[group.photoIds.indexOf(id) + 1];
      if (next !== undefined) {
        state.showFrame(next);
        return;
      }
    }
    state.moveSelection(1);
  },
});
