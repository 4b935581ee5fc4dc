import { useEffect } from 'react';
import { useAppStore } from '../store/app-store.ts';
import { SHORTCUTS } from './shortcuts.ts';

/** Typing a path, a tag or a number must never cull a photo. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
  return false;
}

/** One window-level key handler for the whole app, dispatching on the current view. */
export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTyping(event.target)) {
        // Esc leaves the field, so the next key is a shortcut again.
        if (event.key === 'Escape' && event.target instanceof HTMLElement) event.target.blur();
        return;
      }
      // A focused button already answers Enter and Space with a click.
      if (event.target instanceof HTMLButtonElement && (event.key === 'Enter' || event.key === ' ')) return;

      const state = useAppStore.getState();
      const shortcut = SHORTCUTS.find((candidate) => (candidate.views === 'all' || candidate.views.includes(state.view)) && candidate.matches(event));
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run(state, event);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
