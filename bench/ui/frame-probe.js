/* global window, document, requestAnimationFrame, PerformanceObserver */
// Evaluated inside the app's page by bench/ui-grid-scroll.ts (plain JavaScript: it is sent to the
// browser as text, untouched by the TypeScript loader). Defines window.__cullerScrollProbe.

/**
 * Scrolls `selector` from top to bottom at `pxPerSecond`, the position a function of time (not of
 * frames), so a slow frame makes the next one jump further, as a real fling would. Records every
 * requestAnimationFrame delta, the long-animation-frame entries the browser reports, and, every
 * few frames, whether tiles in view were still placeholders (data not there yet).
 */
window.__cullerScrollProbe = async function scrollProbe({ selector, pxPerSecond, busySelector }) {
  const scroller = document.querySelector(selector);
  if (!scroller) throw new Error(`no element ${selector}`);
  scroller.scrollTop = 0;
  const maxTop = scroller.scrollHeight - scroller.clientHeight;
  const longFrames = [];
  const supportsLoaf = Boolean(PerformanceObserver.supportedEntryTypes && PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'));
  let observer = null;
  if (supportsLoaf) {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longFrames.push({ duration: entry.duration, blockingDuration: entry.blockingDuration });
    });
    observer.observe({ type: 'long-animation-frame' });
  }
  // Two idle frames first, so the first delta is not the page settling.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

  const deltas = [];
  let samples = 0;
  let samplesWithPlaceholders = 0;
  const started = performance.now();
  await new Promise((resolve) => {
    let start = null;
    let last = null;
    let frame = 0;
    const step = (now) => {
      if (start === null) start = now;
      else deltas.push(now - last);
      last = now;
      frame += 1;
      const top = Math.min(maxTop, ((now - start) / 1000) * pxPerSecond);
      scroller.scrollTop = top;
      if (frame % 6 === 0) {
        samples += 1;
        if (scroller.querySelector(busySelector)) samplesWithPlaceholders += 1;
      }
      if (top >= maxTop) resolve();
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  const elapsedMs = performance.now() - started;
  // Let the last long-animation-frame entries arrive.
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (observer) observer.disconnect();
  return { deltas, longFrames, supportsLoaf, maxTop, elapsedMs, samples, samplesWithPlaceholders, reachedBottom: scroller.scrollTop >= maxTop - 1 };
};

/**
 * Page-side clock for the import timing: when Add was clicked, and the frame after the first grid
 * thumbnail finished loading. Listeners capture on the document, so no app code is touched.
 */
window.__cullerImportClock = function importClock() {
  const clock = { clickedAt: null, firstThumbAt: null };
  document.addEventListener(
    'click',
    (event) => {
      if (clock.clickedAt === null && event.target instanceof window.Element && event.target.closest('[data-testid="add-folder-button"]')) clock.clickedAt = performance.now();
    },
    true,
  );
  document.addEventListener(
    'load',
    (event) => {
      const target = event.target;
      if (clock.firstThumbAt !== null || !(target instanceof window.HTMLImageElement) || target.naturalWidth === 0) return;
      if (!target.closest('[data-testid="grid-tile"]')) return;
      requestAnimationFrame(() => {
        if (clock.firstThumbAt === null) clock.firstThumbAt = performance.now();
      });
    },
    true,
  );
  window.__cullerImportClockState = clock;
};
