import { lastShownCenter } from '../loupe/focus-point.ts';
import type { AppState } from '../store/app-store.ts';
import type { View } from '../store/ui-slice.ts';
import type { Shortcut } from './shortcuts.ts';

/**
 * The loupe, compare, multi-select and undo keys. Looked up before the app's other shortcuts, so
 * that Esc in the loupe goes back to where it was opened and a plain arrow clears a multi-selection.
 */

const plain = (...names: string[]) => (event: KeyboardEvent) =>
  !event.ctrlKey && !event.metaKey && !event.altKey && names.includes(event.key.length === 1 ? event.key.toLowerCase() : event.key);
const withCtrl = (name: string, shift = false) => (event: KeyboardEvent) =>
  (event.ctrlKey || event.metaKey) && !event.altKey && event.shiftKey === shift && event.key.toLowerCase() === name;
/** Ctrl/⌘ or Alt with an arrow: pan at 100 %. */
const panKey = (name: string) => (event: KeyboardEvent) => (event.ctrlKey || event.metaKey || event.altKey) && event.key === name;

/** One Ctrl+arrow pans a tenth of the image. */
const PAN_STEP = 0.1;

function moveAlone(state: AppState, delta: number) {
  if (state.multiSelection.length > 0) state.clearMultiSelection();
  state.moveSelection(delta);
}

function pan(dx: number, dy: number) {
  return (state: AppState) => {
    if (state.zoom !== 'actual') return;
    state.panBy(dx, dy, lastShownCenter());
  };
}

const BROWSE: View[] = ['grid', 'detail'];
const LOUPE: View[] = ['loupe'];
const COMPARE: View[] = ['compare'];

export const CULLING_SHORTCUTS: Shortcut[] = [
  {
    keys: ['Esc'],
    description: 'Back from the loupe',
    views: LOUPE,
    matches: plain('Escape'),
    run: (state) => (state.helpOpen ? state.toggleHelp(false) : state.closeLoupe()),
  },
  { keys: ['C'], description: 'Compare the selected photos (or this one and the next; on a stack, its frames, best first), 2–4 side by side', views: [...BROWSE, 'loupe'], matches: plain('c'), run: (state) => state.openCompare() },
  { keys: ['Esc'], description: 'Back from compare', views: COMPARE, matches: plain('Escape', 'c'), run: (state) => (state.helpOpen ? state.toggleHelp(false) : state.closeLoupe()) },
  { keys: ['←', '→'], description: 'Choose a photo in compare', views: COMPARE, matches: plain('ArrowLeft'), run: (state) => state.moveCompareActive(-1) },
  { keys: [], description: '', views: COMPARE, matches: plain('ArrowRight'), run: (state) => state.moveCompareActive(1) },
  { keys: ['P'], description: 'Compare: the chosen photo wins (picked; the others rejected)', views: COMPARE, matches: plain('p'), run: (state) => void state.pickCompareWinner() },
  { keys: ['Z', 'Space'], description: 'Compare: 100 % together, and back', views: COMPARE, matches: plain('z', ' '), run: (state) => state.toggleZoom(null) },
  {
    keys: ['Esc'],
    description: 'Clear a multi-selection',
    views: ['grid'],
    matches: plain('Escape'),
    run: (state) => (state.helpOpen ? state.toggleHelp(false) : state.clearMultiSelection()),
  },
  { keys: ['F'], description: 'Loupe: full screen (F or Esc back)', views: [...BROWSE, 'loupe'], matches: plain('f'), run: (state) => (state.view === 'loupe' ? state.closeLoupe() : state.openLoupe()) },
  {
    keys: ['Z', 'Space'],
    description: 'Zoom to 100 % on the eyes, and back to fit',
    views: [...BROWSE, 'loupe'],
    matches: plain('z', ' '),
    run: (state) => {
      if (state.view !== 'loupe') state.openLoupe();
      state.toggleZoom(null);
    },
  },
  { keys: ['←', '→'], description: 'Previous / next photo', views: LOUPE, matches: plain('ArrowLeft'), run: (state) => moveAlone(state, -1) },
  { keys: [], description: '', views: LOUPE, matches: plain('ArrowRight'), run: (state) => moveAlone(state, 1) },
  { keys: ['↓', '↑'], description: 'Loupe: next / previous frame of a collapsed burst (S opens it into the filmstrip)', views: LOUPE, matches: plain('ArrowDown'), run: (state) => state.stepFrame(1) },
  { keys: [], description: '', views: LOUPE, matches: plain('ArrowUp'), run: (state) => state.stepFrame(-1) },
  { keys: ['Home', 'End'], description: 'First / last photo', views: LOUPE, matches: plain('Home'), run: (state) => state.select(0) },
  { keys: [], description: '', views: LOUPE, matches: plain('End'), run: (state) => state.select((state.total ?? 1) - 1) },
  { keys: ['Ctrl+←↑→↓'], description: 'Pan at 100 % (or drag)', views: [...LOUPE, ...COMPARE], modifiers: true, matches: panKey('ArrowLeft'), run: pan(-PAN_STEP, 0) },
  { keys: [], description: '', views: [...LOUPE, ...COMPARE], modifiers: true, matches: panKey('ArrowRight'), run: pan(PAN_STEP, 0) },
  { keys: [], description: '', views: [...LOUPE, ...COMPARE], modifiers: true, matches: panKey('ArrowUp'), run: pan(0, -PAN_STEP) },
  { keys: [], description: '', views: [...LOUPE, ...COMPARE], modifiers: true, matches: panKey('ArrowDown'), run: pan(0, PAN_STEP) },

  // A plain arrow in the grid leaves a multi-selection; with Shift it grows it.
  { keys: [], description: '', views: BROWSE, matches: plain('ArrowLeft'), run: (state, event) => (event.shiftKey && state.view === 'grid' ? state.extendSelection(-1) : moveAlone(state, -1)) },
  { keys: [], description: '', views: BROWSE, matches: plain('ArrowRight'), run: (state, event) => (event.shiftKey && state.view === 'grid' ? state.extendSelection(1) : moveAlone(state, 1)) },
  { keys: ['Shift+←↑→↓'], description: 'Select several photos', views: ['grid'], matches: plain('ArrowUp'), run: (state, event) => (event.shiftKey ? state.extendSelection(-state.columns) : moveAlone(state, -state.columns)) },
  { keys: [], description: '', views: ['grid'], matches: plain('ArrowDown'), run: (state, event) => (event.shiftKey ? state.extendSelection(state.columns) : moveAlone(state, state.columns)) },
  { keys: ['Ctrl+Z'], description: 'Undo the last mark change (a batch as one)', views: [...BROWSE, 'loupe', 'compare', 'review'], modifiers: true, matches: withCtrl('z'), run: (state) => void state.undoMarks() },
  {
    keys: ['Ctrl+Shift+Z'],
    description: 'Redo',
    views: [...BROWSE, 'loupe', 'compare', 'review'],
    modifiers: true,
    matches: (event) => withCtrl('z', true)(event) || withCtrl('y')(event),
    run: (state) => void state.redoMarks(),
  },
  { keys: ['Ctrl+A'], description: 'Select every photo shown', views: ['grid'], modifiers: true, matches: withCtrl('a'), run: (state) => void state.selectAll() },
];
