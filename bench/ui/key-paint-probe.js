/* global window, document, requestAnimationFrame, PerformanceObserver */
// Evaluated inside the app's page by bench/ui/loupe-key-paint.ts (plain JavaScript, sent as text).
// Defines window.__cullerArmKey, window.__cullerKeyToPaint and window.__cullerKeyToFrame.

/**
 * Element Timing: the loupe's images carry `elementtiming` ("loupe-preview", "loupe-full"), and
 * Chromium reports for each the time the frame that first showed its pixels was presented, after
 * raster and decode, which is what "painted" means. Kept by image URL, every paint of it.
 */
window.__cullerPainted = new Map();
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const at = entry.renderTime || entry.loadTime;
    const key = `${entry.identifier} ${entry.url}`;
    const times = window.__cullerPainted.get(key) ?? [];
    times.push(at);
    window.__cullerPainted.set(key, times);
  }
}).observe({ type: 'element', buffered: true });

/** Remembers the photo on screen and, at the next keydown (capture phase, before the app's handler), the time. */
window.__cullerArmKey = function armKey() {
  const loupe = document.querySelector('[data-testid="loupe"]');
  window.__cullerKeyState = { from: loupe ? loupe.dataset.photoId : '', pressedAt: null };
  window.addEventListener('keydown', () => (window.__cullerKeyState.pressedAt = performance.now()), { capture: true, once: true });
};

/**
 * Resolves with { frame, painted }: ms from that keydown to the first animation frame whose image
 * of the new photo was loaded (`frame`: the first image of the stage, the preview or a full image
 * decoded ahead; with `full: true` the full-resolution image at 100 %), and to the Element Timing presentation time of that image (`painted`; null when
 * the browser reported none). `frame` misses the raster and decode after the frame began;
 * `painted` includes them.
 */
window.__cullerKeyToPaint = function keyToPaint({ full, timeoutMs }) {
  const state = window.__cullerKeyState;
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve) => {
    let frame = null;
    const check = (frameTime) => {
      const loupe = document.querySelector('[data-testid="loupe"]');
      const stage = document.querySelector('[data-testid="zoom-stage"]');
      const moved = loupe && loupe.dataset.photoId !== state.from;
      const image = stage && stage.querySelector(full ? 'img.zoom-full' : 'img.zoom-image');
      const ready = moved && image && image.complete && image.naturalWidth > 0 && (!full || stage.dataset.fullLoaded === 'true');
      if (ready && state.pressedAt !== null && frame === null) frame = Math.max(0, frameTime - state.pressedAt);
      if (frame !== null && !image.hasAttribute('elementtiming')) return resolve({ frame, painted: null });
      if (frame !== null) {
        // At 100 % a neighbour decoded ahead shows its full image at once, with no preview under it.
        // The first paint of that image after the key (a URL shown before has older entries).
        const painted = (window.__cullerPainted.get(`${image.getAttribute('elementtiming')} ${image.currentSrc || image.src}`) ?? []).find((at) => at >= state.pressedAt);
        if (painted !== undefined) return resolve({ frame, painted: Math.max(0, painted - state.pressedAt) });
      }
      if (performance.now() > deadline) return resolve(frame === null ? null : { frame, painted: null });
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
};

/**
 * The floor under the same load: ms from the armed keydown of a key the app ignores to the second
 * animation frame after it (the one that would show a change made in the key's handler).
 */
window.__cullerKeyToFrame = function keyToFrame() {
  const state = window.__cullerKeyState;
  return new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame((at) => resolve(state.pressedAt === null ? null : Math.max(0, at - state.pressedAt))));
  });
};
