import type { PhotoDetail, PhotoSummary } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { describeError } from '../common/errors.ts';
import type { SliceCreator } from './slice.ts';

export type DetailSlice = {
  /** The photo whose detail is wanted (grid selection in the detail view, the current review photo). */
  detailPhotoId: number | null;
  detail: PhotoDetail | null;
  detailError: string | null;
  loadDetail: (photoId: number) => Promise<void>;
  /** Re-read the detail if one of these photos is the one shown. */
  reloadDetailIfShown: (photoIds: number[]) => void;
  replaceDetailSummary: (summaries: PhotoSummary[]) => void;
};

export const createDetailSlice: SliceCreator<DetailSlice> = (set, get) => ({
  detailPhotoId: null,
  detail: null,
  detailError: null,
  loadDetail: async (photoId) => {
    // Keep the previous photo's detail until the new one answers only when it is the same photo
    // (a refresh); for another photo, clear it so that nothing stale is shown under the new name.
    set((state) => (state.detailPhotoId === photoId ? {} : { detailPhotoId: photoId, detail: null, detailError: null }));
    const reply = await bridge().photosDetail({ photoId });
    if (get().detailPhotoId !== photoId) return;
    if (reply.ok) set({ detail: reply.value, detailError: null });
    else set({ detailError: describeError(reply.error) });
  },
  reloadDetailIfShown: (photoIds) => {
    const shown = get().detailPhotoId;
    if (shown !== null && photoIds.includes(shown)) void get().loadDetail(shown);
  },
  replaceDetailSummary: (summaries) => {
    const detail = get().detail;
    const fresh = detail && summaries.find((summary) => summary.id === detail.photo.id);
    if (detail && fresh) set({ detail: { ...detail, photo: fresh } });
  },
});
