import { useEffect } from 'react';
import { useAppStore } from '../store/app-store.ts';
import { CULLING_SHORTCUTS } from './culling-shortcuts.ts';
import { SHORTCUTS } from './shortcuts.ts';

/** The loupe's, compare's and multi-select's keys first: they refine the app's general ones. */
export const ALL_SHORTCUTS = [...CULLING_SHORTCUTS, ...SHORTCUTS];

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
    let clickedButton: Element | null = null;
    const onPointerDown = (event: PointerEvent) => {
      clickedButton = event.target instanceof Element ? event.target.closest('button') : null;
    };
    const onFocusIn = (event: FocusEvent) => {
      if (event.target !== clickedButton) clickedButton = null;
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const modified = event.ctrlKey || event.metaKey || event.altKey;
      if (isTyping(event.target)) {
        // Esc leaves the field, so the next key is a shortcut again.
        if (event.key === 'Escape' && event.target instanceof HTMLElement) event.target.blur();
        return;
      }
      // A button reached with Tab answers Enter itself. One that merely kept focus after a mouse
      // click must not swallow Enter or Space, or "open", "submit" and "zoom" would re-click the tab, thumb or filmstrip.
      if (event.target instanceof HTMLButtonElement && (event.key === ' ' || event.key === 'Enter') && event.target !== clickedButton) return;

      const state = useAppStore.getState();
      const shortcut = ALL_SHORTCUTS.find(
        (candidate) => (!modified || candidate.modifiers === true) && (candidate.views === 'all' || candidate.views.includes(state.view)) && candidate.matches(event),
      );
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run(state, event);
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('focusin', onFocusIn);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('focusin', onFocusIn);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);
}
