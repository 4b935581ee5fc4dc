/* global window, document, requestAnimationFrame */
// Evaluated inside the app's page by bench/ui/loupe-key-paint.ts (plain JavaScript, sent as text).
// Defines window.__cullerArmKey and window.__cullerKeyToPaint.

/** Remembers the photo on screen and, at the next keydown (capture phase, before the app's handler), the time. */
window.__cullerArmKey = function armKey() {
  const loupe = document.querySelector('[data-testid="loupe"]');
  window.__cullerKeyState = { from: loupe ? loupe.dataset.photoId : '', pressedAt: null };
  window.addEventListener('keydown', () => (window.__cullerKeyState.pressedAt = performance.now()), { capture: true, once: true });
};

/**
 * Resolves with the milliseconds from that keydown to the first frame whose image of the new photo
 * was ready to paint: the preview (`full: false`) or the full-resolution image at 100 % (`full: true`).
 * The frame's rAF time is taken as the paint time: the image was complete and decoded when it began.
 */
window.__cullerKeyToPaint = function keyToPaint({ full, timeoutMs }) {
  const state = window.__cullerKeyState;
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = (frameTime) => {
      const loupe = document.querySelector('[data-testid="loupe"]');
      const stage = document.querySelector('[data-testid="zoom-stage"]');
      const moved = loupe && loupe.dataset.photoId !== state.from;
      const image = stage && stage.querySelector(full ? 'img.zoom-full' : 'img.zoom-image');
      const ready = moved && image && image.complete && image.naturalWidth > 0 && (!full || stage.dataset.fullLoaded === 'true');
      if (ready && state.pressedAt !== null) {
        // The next frame is the one that shows it.
        requestAnimationFrame((shownAt) => resolve(Math.max(0, Math.max(shownAt, frameTime) - state.pressedAt)));
        return;
      }
      if (performance.now() > deadline) return resolve(null);
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
};
