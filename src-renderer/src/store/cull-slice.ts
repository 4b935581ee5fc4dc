import type { ColorLabel, CullMark } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import type { SliceCreator } from './slice.ts';

export type CullSlice = {
  /** Pick / reject / unflag (null) and 0–5 stars, saved with cull:set; every view showing the photo updates. */
  setMark: (photoId: number, mark: CullMark | null) => Promise<void>;
  setStars: (photoId: number, stars: number) => Promise<void>;
  /** A colour label, or null to clear it. */
  setLabel: (photoId: number, label: ColorLabel | null) => Promise<void>;
};

export const createCullSlice: SliceCreator<CullSlice> = (set, get) => {
  const save = async (photoId: number, change: { mark?: CullMark | null; stars?: number; label?: ColorLabel | null }) => {
    const reply = await bridge().cullSet({ photoIds: [photoId], ...change });
    if (!reply.ok) {
      get().reportError('The mark was not saved', reply.error);
      return;
    }
    const state = get();
    // Saved through the mark history: the change is one undo step.
    set({ canUndo: true, canRedo: false });
    state.replaceSummaries(reply.value);
    state.replaceReviewSummaries(reply.value);
    state.replaceDetailSummary(reply.value);
  };
  return {
    setMark: (photoId, mark) => save(photoId, { mark }),
    setStars: (photoId, stars) => save(photoId, { stars: Math.max(0, Math.min(5, Math.round(stars))) }),
    setLabel: (photoId, label) => save(photoId, { label }),
  };
};
