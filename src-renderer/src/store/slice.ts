import type { StateCreator } from 'zustand';
import type { AppState } from './app-store.ts';

/** Every slice sees the whole bound store, so actions can reach across slices (a mark updates grid, review and detail). */
export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;
