import { COLOR_LABELS } from '../../../src-preload/contract/library-types.js';
import { LABEL_KEYS } from '../common/LabelControls.tsx';
import type { AppState } from '../store/app-store.ts';
import { photoAt, photoById } from '../store/grid-slice.ts';
import type { View } from '../store/ui-slice.ts';

/**
 * Every keyboard shortcut, as data: the key handler and the on-screen help panel both read this
 * list, so what the panel shows is what the keys do.
 */
export type Shortcut = {
  /** As shown in the help panel. */
  keys: string[];
  description: string;
  /** Views where it applies; `all` everywhere. */
  views: View[] | 'all';
  matches: (event: KeyboardEvent) => boolean;
  run: (state: AppState, event: KeyboardEvent) => void;
  /** Also tried when Ctrl, ⌘ or Alt is held (its `matches` checks which); others never are. */
  modifiers?: boolean;
};

const key = (...names: string[]) => (event: KeyboardEvent) => names.includes(event.key.length === 1 ? event.key.toLowerCase() : event.key);

/** The photo the marks apply to: the grid's or detail's selection, or the review queue's current photo. */
function currentPhotoId(state: AppState): number | null {
  if (state.view === 'review') return state.reviewQueue?.[state.reviewIndex]?.id ?? null;
  // The id, never the position: a re-sort under the cursor must not move the mark to another photo.
  return state.selectedPhotoId;
}

/** Runs with the current photo (see applyCull for marks, which also cover a multi-selection). */
export function withPhoto(run: (state: AppState, photoId: number) => void) {
  return (state: AppState) => {
    const photoId = currentPhotoId(state);
    if (photoId !== null) run(state, photoId);
  };
}

const CULL_VIEWS: View[] = ['grid', 'detail', 'review', 'loupe'];

export const SHORTCUTS: Shortcut[] = [
  { keys: ['?'], description: 'Show or hide this panel', views: 'all', matches: key('?'), run: (state) => state.toggleHelp() },
  {
    keys: ['Esc'],
    description: 'Back (close panel, leave detail or review)',
    views: 'all',
    matches: key('Escape'),
    run: (state) => {
      if (state.helpOpen) state.toggleHelp(false);
      else if (state.view !== 'grid') state.setView('grid');
    },
  },
  { keys: ['L'], description: 'Library', views: 'all', matches: key('l'), run: (state) => state.setView('library') },
  { keys: ['G'], description: 'Grid', views: 'all', matches: key('g'), run: (state) => state.setView('grid') },
  { keys: ['R'], description: 'Review queue', views: 'all', matches: key('r'), run: (state) => state.setView('review') },
  { keys: [','], description: 'Settings', views: 'all', matches: key(','), run: (state) => state.setView('settings') },

  { keys: ['←', '→'], description: 'Previous / next photo', views: ['grid', 'detail'], matches: key('ArrowLeft'), run: (state) => state.moveSelection(-1) },
  { keys: [], description: '', views: ['grid', 'detail'], matches: key('ArrowRight'), run: (state) => state.moveSelection(1) },
  { keys: ['↑', '↓'], description: 'Row up / down', views: ['grid'], matches: key('ArrowUp'), run: (state) => state.moveSelection(-state.columns) },
  { keys: [], description: '', views: ['grid'], matches: key('ArrowDown'), run: (state) => state.moveSelection(state.columns) },
  { keys: ['PgUp', 'PgDn'], description: 'Page up / down', views: ['grid'], matches: key('PageUp'), run: (state) => state.moveSelection(-state.columns * 5) },
  { keys: [], description: '', views: ['grid'], matches: key('PageDown'), run: (state) => state.moveSelection(state.columns * 5) },
  { keys: ['Home', 'End'], description: 'First / last photo', views: ['grid', 'detail'], matches: key('Home'), run: (state) => state.select(0) },
  { keys: [], description: '', views: ['grid', 'detail'], matches: key('End'), run: (state) => state.select((state.total ?? 1) - 1) },
  { keys: ['Enter'], description: 'Open the selected photo', views: ['grid'], matches: key('Enter'), run: (state) => state.total ? state.setView('detail') : undefined },

  { keys: ['←', '→'], description: 'Previous / next in the queue', views: ['review'], matches: key('ArrowLeft'), run: (state) => state.reviewMove(-1) },
  { keys: [], description: '', views: ['review'], matches: key('ArrowRight'), run: (state) => state.reviewMove(1) },
  { keys: ['T'], description: 'Thumbs up (the app was right)', views: ['review'], matches: key('t'), run: (state) => state.setDraftThumbs('up') },
  { keys: ['D'], description: 'Thumbs down (the app was wrong)', views: ['review'], matches: key('d'), run: (state) => state.setDraftThumbs('down') },
  { keys: ['Enter'], description: 'Submit and go to the next photo', views: ['review'], matches: key('Enter'), run: (state) => void state.submitReview() },

  { keys: ['P'], description: 'Pick', views: CULL_VIEWS, matches: key('p'), run: (state) => void state.applyCull({ mark: 'pick' }) },
  { keys: ['X'], description: 'Reject', views: CULL_VIEWS, matches: key('x'), run: (state) => void state.applyCull({ mark: 'reject' }) },
  { keys: ['U'], description: 'Unflag', views: CULL_VIEWS, matches: key('u'), run: (state) => void state.applyCull({ mark: null }) },
  {
    keys: ['0', '–', '5'],
    description: 'Stars (0 clears)',
    views: CULL_VIEWS,
    matches: key('0', '1', '2', '3', '4', '5'),
    run: (state, event) => void state.applyCull({ stars: Number(event.key) }),
  },
  { keys: ['S'], description: 'Open / close the stack of a burst', views: ['grid', 'detail', 'loupe'], matches: key('s'), run: withPhoto((state, id) => state.toggleStack(id)) },
  {
    keys: ['B'],
    description: 'Burst: pick the best frame, reject the rest',
    views: ['grid', 'detail', 'loupe'],
    matches: key('b'),
    run: withPhoto((state, id) => {
      void state.pickBestRejectRest(id);
      // The whole burst is culled: the loupe moves on past its stack.
      if (state.view === 'loupe' && state.autoAdvance) state.moveSelection(1);
    }),
  },
  {
    keys: ['M'],
    description: 'Merge the selected photo with the one before it into one stack',
    views: ['grid'],
    matches: key('m'),
    run: withPhoto((state, id) => {
      const before = photoAt(state, state.selectedIndex - 1)?.id;
      if (before !== undefined) void state.editGroups('merge', [before, id]);
    }),
  },
  {
    keys: ['6', '7', '8', '9', 'V'],
    description: 'Red / yellow / green / blue / purple label (again clears)',
    views: CULL_VIEWS,
    matches: key('6', '7', '8', '9', 'v'),
    run: (state, event) =>
      withPhoto((current, id) => {
        const label = COLOR_LABELS.find((value) => LABEL_KEYS[value].toLowerCase() === event.key.toLowerCase())!;
        // By id (the photo under the cursor, wherever a re-sort put it); through applyCull, so a
        // multi-selection is labelled at once, auto-advance moves on and Ctrl+Z undoes it.
        const photo = photoById(current.pages, id);
        const now = current.view === 'review' ? current.reviewQueue?.[current.reviewIndex]?.label : photo?.label;
        void current.applyCull({ label: now === label ? null : label });
      })(state),
  },
];
