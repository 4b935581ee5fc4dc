import { create } from 'zustand';
import { createCullSlice, type CullSlice } from './cull-slice.ts';
import { createDetailSlice, type DetailSlice } from './detail-slice.ts';
import { createExportSlice, type ExportSlice } from './export-slice.ts';
import { createGridSlice, type GridSlice } from './grid-slice.ts';
import { createHistorySlice, type HistorySlice } from './history-slice.ts';
import { createGroupsSlice, type GroupsSlice } from './groups-slice.ts';
import { createLibrarySlice, type LibrarySlice } from './library-slice.ts';
import { createLoupeSlice, type LoupeSlice } from './loupe-slice.ts';
import { createReviewSlice, type ReviewSlice } from './review-slice.ts';
import { createSelectionSlice, type SelectionSlice } from './selection-slice.ts';
import { createSettingsSlice, type SettingsSlice } from './settings-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';

export type AppState = UiSlice & LibrarySlice & GridSlice & DetailSlice & CullSlice & ReviewSlice & SettingsSlice & ExportSlice & SelectionSlice & LoupeSlice & HistorySlice & GroupsSlice;

/** One bound store built from slices; components select the few fields they render. */
export const useAppStore = create<AppState>()((...args) => ({
  ...createUiSlice(...args),
  ...createLibrarySlice(...args),
  ...createGridSlice(...args),
  ...createDetailSlice(...args),
  ...createCullSlice(...args),
  ...createReviewSlice(...args),
  ...createSettingsSlice(...args),
  ...createGroupsSlice(...args),
  ...createExportSlice(...args),
  ...createSelectionSlice(...args),
  ...createLoupeSlice(...args),
  ...createHistorySlice(...args),
}));
