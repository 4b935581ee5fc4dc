import type { AppEvent } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { useAppStore } from './app-store.ts';

/** An import changes photos many times a second; one refresh per quiet moment is enough. */
const REFRESH_DEBOUNCE_MS = 300;

/**
 * Subscribes the store to backend events. Photo changes are gathered and applied after a short
 * quiet spell: the visible page, the facets, the open detail and the review queue re-read once.
 * Returns the unsubscribe.
 */
export function startLiveUpdates(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const changedIds = new Set<number>();
  const removedIds = new Set<number>();

  const flush = () => {
    timer = null;
    const state = useAppStore.getState();
    const changed = [...changedIds];
    const removed = [...removedIds];
    changedIds.clear();
    removedIds.clear();
    // Before the re-read: the name of a removed open photo is still in the loaded pages.
    if (removed.length > 0) state.forgetRemovedPhotos(removed);
    state.refreshPhotos();
    void state.loadFacets();
    if (removed.length > 0) state.dropFromReview(removed);
    // The queue is re-read whenever the review view opens; off screen, keeping it fresh is wasted work.
    if (state.view === 'review') void state.refreshReviewQueue();
    state.reloadDetailIfShown(changed);
  };

  const schedule = () => {
    if (timer === null) timer = setTimeout(flush, REFRESH_DEBOUNCE_MS);
  };

  const onEvent = (event: AppEvent) => {
    const state = useAppStore.getState();
    switch (event.type) {
      case 'photos-changed':
        for (const id of event.photoIds) changedIds.add(id);
        schedule();
        return;
      case 'photos-removed':
        for (const id of event.photoIds) removedIds.add(id);
        // A removed frame leaves its stack (the catalog drops it; the stacks are read again).
        void state.loadGroups();
        schedule();
        return;
      case 'import-progress':
        state.setImportStatus(event.status);
        return;
      case 'folders-changed':
        void state.loadFolders();
        return;
      case 'api-server':
        state.setApiServerStatus(event.status);
        return;
      case 'groups-changed':
        void state.loadGroups();
        return;
      case 'export-progress':
        state.setExportProgress({ done: event.done, total: event.total, current: event.current });
        return;
      default: {
        const unknownEvent: never = event;
        console.warn('culler: ignored an unknown event', unknownEvent);
      }
    }
  };

  const unsubscribe = bridge().onEvent(onEvent);
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
