import { bridge } from '../bridge.ts';
import { indexOfPhoto, photoAt } from './grid-slice.ts';
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
};

/** More than four side by side leaves each too small to judge. */
export const COMPARE_MAX = 4;

const clamp01 = (value: number) => Math.max(0, Math.min(1, value));

export const createLoupeSlice: SliceCreator<LoupeSlice> = (set, get) => ({
  loupeReturnView: 'grid',
  zoom: 'fit',
  zoomCenter: null,
  autoAdvance: storedAutoAdvance(),
  openLoupe: () => {
    const { view, total } = get();
    if (!total || view === 'loupe') return;
    set({ loupeReturnView: view === 'detail' ? 'detail' : 'grid', zoom: 'fit', zoomCenter: null });
    get().setView('loupe');
  },
  closeLoupe: () => get().setView(get().loupeReturnView),
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
    set({ compareIds: ids, compareActive: active, loupeReturnView: state.view === 'detail' ? 'detail' : 'grid', zoom: 'fit', zoomCenter: null });
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
});
