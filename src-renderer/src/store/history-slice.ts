import type { MarkHistoryMove } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import type { SliceCreator } from './slice.ts';

export type HistorySlice = {
  canUndo: boolean;
  canRedo: boolean;
  /** Ctrl+Z: the last mark change goes back, a batch as one; the backend keeps the history across restarts. */
  undoMarks: () => Promise<void>;
  /** Ctrl+Shift+Z (or Ctrl+Y): the last undone change again. */
  redoMarks: () => Promise<void>;
  loadHistoryStatus: () => Promise<void>;
};

export const createHistorySlice: SliceCreator<HistorySlice> = (set, get) => {
  const move = async (direction: 'undo' | 'redo') => {
    const reply = direction === 'undo' ? await bridge().cullUndo() : await bridge().cullRedo();
    if (!reply.ok) {
      get().reportError(direction === 'undo' ? 'Could not undo' : 'Could not redo', reply.error);
      return;
    }
    const { photos, description, canUndo, canRedo }: MarkHistoryMove = reply.value;
    set({ canUndo, canRedo });
    get().showSummaries(photos);
    get().notify(description === null ? `Nothing to ${direction}.` : `${direction === 'undo' ? 'Undone' : 'Redone'}: ${description}.`);
  };
  return {
    canUndo: false,
    canRedo: false,
    undoMarks: () => move('undo'),
    redoMarks: () => move('redo'),
    loadHistoryStatus: async () => {
      const reply = await bridge().cullHistory();
      if (reply.ok) set(reply.value);
    },
  };
};
