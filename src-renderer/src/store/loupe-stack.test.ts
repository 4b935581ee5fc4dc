import { beforeEach, describe, expect, it } from 'vitest';
import type { PhotoGroupView, PhotoSummary } from '../../../src-preload/contract/library-types.js';
import { useAppStore } from './app-store.ts';
import { stackPlace } from './grid-slice.ts';
import { rowOf, stackIsCollapsed } from './loupe-slice.ts';

/**
 * The loupe on a collapsed burst: the grid lists the stack's best frame (10) between photos 1 and
 * 20; frames 11 and 12 are hidden. Everything here runs in the store, no backend call: the rows
 * the strip reads are given, and the grid's one page is loaded.
 */
const row = (id: number) => ({ id, name: `photo-${id}.jpg`, mark: null, imageHash: `${id}`.padStart(64, '0') }) as unknown as PhotoSummary;
const burst: PhotoGroupView = { id: 7, photoIds: [11, 10, 12], ranks: [2, 1, 3], bestPhotoId: 10, reason: 'Frame 2: sharpest.' };

beforeEach(() => {
  useAppStore.setState({
    view: 'loupe',
    loupeReturnView: 'grid',
    compareFromLoupe: false,
    pages: new Map([[0, [row(1), row(10), row(20)]]]),
    total: 3,
    selectedIndex: 1,
    selectedPhotoId: 10,
    multiSelection: [],
    groups: [burst],
    stackOf: new Map(burst.photoIds.map((id) => [id, burst])),
    stacksCollapsed: true,
    expandedGroups: new Set(),
    frameRows: new Map([11, 12].map((id) => [id, row(id)])),
  });
});

describe('the loupe steps through a collapsed burst', () => {
  it('↓ and ↑ go through the frames in capture order while the grid keeps the stack', () => {
    const state = useAppStore.getState();
    expect(stackIsCollapsed(state, 10)).toBe(true);
    state.stepFrame(1);
    expect(useAppStore.getState()).toMatchObject({ selectedPhotoId: 12, selectedIndex: 1 });
    expect(rowOf(useAppStore.getState(), 12)?.name).toBe('photo-12.jpg');
    useAppStore.getState().stepFrame(1);
    expect(useAppStore.getState().selectedPhotoId).toBe(12);
    useAppStore.getState().stepFrame(-1);
    useAppStore.getState().stepFrame(-1);
    expect(useAppStore.getState().selectedPhotoId).toBe(11);
    useAppStore.getState().stepFrame(-1);
    expect(useAppStore.getState().selectedPhotoId).toBe(11);
  });

  it('a mark on a hidden frame lands on that frame; auto-advance goes to the next frame, then past the stack', () => {
    useAppStore.getState().showFrame(11);
    expect(useAppStore.getState().targetPhotoIds()).toEqual([11]);
    useAppStore.getState().advance();
    // The next frame is the stack's cover, which the grid lists: a plain selection.
    expect(useAppStore.getState()).toMatchObject({ selectedPhotoId: 10, selectedIndex: 1 });
    useAppStore.getState().showFrame(12);
    useAppStore.getState().advance();
    expect(useAppStore.getState()).toMatchObject({ selectedPhotoId: 20, selectedIndex: 2 });
  });

  it('from the cover, auto-advance goes to the next photo of the grid, as with any photo', () => {
    useAppStore.getState().advance();
    expect(useAppStore.getState()).toMatchObject({ selectedPhotoId: 20, selectedIndex: 2 });
  });

  it('an open stack (or stacking off) leaves ↓ / ↑ alone: its frames are in the grid, → walks them', () => {
    useAppStore.setState({ stacksCollapsed: false });
    expect(stackIsCollapsed(useAppStore.getState(), 10)).toBe(false);
    useAppStore.getState().stepFrame(1);
    expect(useAppStore.getState().selectedPhotoId).toBe(10);
    useAppStore.setState({ stacksCollapsed: true, expandedGroups: new Set([burst.id]) });
    useAppStore.getState().stepFrame(1);
    expect(useAppStore.getState().selectedPhotoId).toBe(10);
  });

  it('a hidden frame stands at its stack\'s place, even when the grid held it elsewhere before', () => {
    useAppStore.setState({ selectedIndex: 2 });
    useAppStore.getState().showFrame(12);
    expect(useAppStore.getState()).toMatchObject({ selectedPhotoId: 12, selectedIndex: 1 });
    expect(stackPlace(useAppStore.getState().pages, burst.photoIds)).toBe(1);
    expect(stackPlace(useAppStore.getState().pages, [99])).toBe(-1);
  });

  it('Esc on a hidden frame gives the selection back to its stack, so no unseen photo takes the next mark', () => {
    useAppStore.getState().showFrame(12);
    useAppStore.getState().closeLoupe();
    expect(useAppStore.getState()).toMatchObject({ view: 'grid', selectedPhotoId: 10, selectedIndex: 1 });
  });
});
