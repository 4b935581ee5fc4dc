import { photoById } from './grid-slice.ts';
import type { SliceCreator } from './slice.ts';
import type { View } from './ui-slice.ts';

/** Views that show one photo: when that photo leaves the library, they close instead of showing another. */
const SINGLE_PHOTO_VIEWS: View[] = ['detail'];

export type SelectionSlice = {
  /**
   * Photos were removed from the catalog (their files deleted or moved away). If the selected one
   * is among them, its view closes with a notice naming it, rather than sliding the next photo
   * under the cursor where the next key would mark it.
   */
  forgetRemovedPhotos: (photoIds: number[]) => void;
};

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set, get) => ({
  forgetRemovedPhotos: (photoIds) => {
    const state = get();
    const selected = state.selectedPhotoId;
    if (selected === null || !photoIds.includes(selected)) return;
    const name = photoById(state.pages, selected)?.name ?? (state.detail?.photo.id === selected ? state.detail.photo.name : `Photo ${selected}`);
    // No id: the next page read adopts whatever photo then sits at the position, in the grid.
    set({ selectedPhotoId: null });
    if (SINGLE_PHOTO_VIEWS.includes(state.view)) {
      state.setView('grid');
      state.notify(`${name} is no longer in the library (its file was deleted or moved), so its view closed.`);
    }
  },
});
