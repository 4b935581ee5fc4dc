import type { SliceCreator } from './slice.ts';
import type { View } from './ui-slice.ts';

/** A point of the image, as fractions of its width and height (0–1): the same on every size of it. */
export type ImagePoint = { x: number; y: number };

export type Zoom = 'fit' | 'actual';

const AUTO_ADVANCE_KEY = 'culler.autoAdvance';

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
};

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
});
