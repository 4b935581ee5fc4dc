/**
 * `npm run bench:ui`: how the browser build of the grid feels, on a real `culler serve`.
 *
 *  (a) Scroll: a library of 10,000 photo rows (built by bench/ui/seed-catalog.ts through the
 *      catalog's own functions), `culler serve --no-models`, the grid in Debian's Chromium scrolled
 *      top to bottom at a steady rate. Prints requestAnimationFrame delta percentiles, the share of
 *      frames over 16.7 ms, long-animation-frame entries, and how often tiles in view were still
 *      placeholders.
 *  (b) Import: a folder of 200 distinct photos (re-encoded corpus variants, see
 *      bench/ui/photo-variants.ts) added through the UI on a fresh home; time to the first
 *      thumbnail loaded in the grid and to all 200 rated.
 *
 * A report, not a test: no timing is asserted. It exits non-zero only when something breaks.
 *
 *  (c) Key to paint: on the same 10,000-photo library, the loupe opened with F and → pressed at a
 *      culler's pace at fit and at 100 %: p50/p95 from the keydown to the frame showing the next
 *      photo (its preview), and at 100 % to the frame showing its full-resolution pixels.
 *
 * Environment: BENCH_UI_LOUPE_PRESSES (60; 0 skips (c)), BENCH_UI_LOUPE_PACE_MS (400), BENCH_UI_ROWS (10000), BENCH_UI_SCROLL_PX_PER_S (4000: a brisk, steady wheel
 * scroll, about 13 rows a second at 1400 px wide), BENCH_UI_IMPORT (200), BENCH_UI_MODELS (1: rate the import with the models, as
 * `culler serve` does by default; 0 for --no-models), BENCH_UI_ONLY (scroll: (a) and (c) | loupe: (c) alone, on the same seeded library | import: (b)).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ImportStatus, PhotoPage } from '../src-preload/contract/library-types.js';
import { CHROMIUM_LAUNCH, isForeignRequest } from '../e2e/support/chromium.js';
import { makeTempHome, removeTempHome, startCullerServer, type CullerServer } from '../e2e/support/culler-server.js';
import { assertRendererBuilt } from '../e2e/support/renderer-build.js';
import { FACES_DIR, REPO_ROOT } from '../e2e/support/repo-paths.js';
import { benchLoupeKeys } from './ui/loupe-key-paint.js';
import { ensurePhotoVariants } from './ui/photo-variants.js';
import { seedLargeCatalog } from './ui/seed-catalog.js';

const ROWS = readInteger('BENCH_UI_ROWS', 10_000, 100, 100_000);
const SCROLL_PX_PER_S = readInteger('BENCH_UI_SCROLL_PX_PER_S', 4000, 100, 100_000);
const IMPORT_COUNT = readInteger('BENCH_UI_IMPORT', 200, 10, 2_000);
const IMPORT_MODELS = process.env.BENCH_UI_MODELS !== '0';
const ONLY = process.env.BENCH_UI_ONLY ?? '';
const LOUPE_PRESSES = readInteger('BENCH_UI_LOUPE_PRESSES', 60, 0, 1_000);
const LOUPE_PACE_MS = readInteger('BENCH_UI_LOUPE_PACE_MS', 400, 0, 10_000);
const VARIANTS_DIR = path.join(REPO_ROOT, 'bench', '.data', `ui-variants-${IMPORT_COUNT}`);
const FRAME_PROBE = path.join(REPO_ROOT, 'bench', 'ui', 'frame-probe.js');
const FRAME_BUDGET_MS = 1000 / 60;
const VIEWPORT = { width: 1400, height: 900 };

function readInteger(name: string, fallback: number, min: number, max: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer ${min}–${max}, got ${text}`);
  return value;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index]!;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;

/**
 * Chromium that cannot leave this machine, without Playwright's request interception: routing
 * every request through Playwright (as the e2e fixture does) would add a round trip per thumbnail
 * and switch off the HTTP cache, which is part of what scrolling measures. Instead a dead proxy
 * catches everything but loopback (Chromium never proxies loopback), and a listener records any
 * attempt, which fails the run.
 */
async function launchOfflineChromium(): Promise<{ browser: Browser; foreign: string[]; newPage: () => Promise<Page> }> {
  const browser = await chromium.launch({ ...CHROMIUM_LAUNCH, args: [...(CHROMIUM_LAUNCH.args ?? []), '--proxy-server=http://127.0.0.1:9'] });
  const foreign: string[] = [];
  const newPage = async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    page.on('request', (request) => {
      if (isForeignRequest(request.url())) foreign.push(request.url());
    });
    page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
    return page;
  };
  return { browser, foreign, newPage };
}

async function bridge<T>(page: Page, server: CullerServer, channel: string, request: unknown): Promise<T> {
  const response = await page.request.post(`${server.baseUrl}/bridge/${channel}`, { data: { request } });
  const reply = (await response.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const FIRST_THUMB_LOADED = `[...document.querySelectorAll('[data-testid="grid-tile"] img')].some((image) => image.complete && image.naturalWidth > 0)`;

/**
 * Polls an expression in the page. Not page.waitForFunction: with a string predicate it evaluates
 * through eval inside the page, which the app's Content-Security-Policy (script-src 'self') rightly
 * refuses; page.evaluate goes through the DevTools protocol and is not subject to it.
 */
async function pollPage(page: Page, expression: string, timeoutMs: number): Promise<void> {
  await waitFor(expression, timeoutMs, async () => Boolean(await page.evaluate(expression)));
}

type ProbeResult = {
  deltas: number[];
  longFrames: Array<{ duration: number; blockingDuration: number }>;
  supportsLoaf: boolean;
  maxTop: number;
  elapsedMs: number;
  samples: number;
  samplesWithPlaceholders: number;
  reachedBottom: boolean;
};

async function benchScroll(launch: Awaited<ReturnType<typeof launchOfflineChromium>>, images: string[]): Promise<void> {
  console.log(`\n(a) scrolling a grid of ${ROWS.toLocaleString('en')} photos`);
  const root = await makeTempHome('culler-bench-ui-scroll-');
  const home = path.join(root, 'home');
  let server: CullerServer | null = null;
  try {
    const seeded = await seedLargeCatalog({ home, folder: path.join(root, 'photos'), images, rows: ROWS, log: (line) => console.log(line) });
    const startServe = performance.now();
    server = await startCullerServer({ home, models: false });
    console.log(`  culler serve --no-models up in ${seconds(performance.now() - startServe)}`);

    const page = await launch.newPage();
    await page.goto(server.launchUrl);
    // The start-up scan stats every linked file; it must find them all unchanged and queue nothing.
    const activeServer = server;
    await waitFor('the start-up scan', 120_000, async () => {
      const status = await bridge<ImportStatus>(page, activeServer, 'import:status', null);
      return status.state === 'idle' && status.queued === 0;
    });
    const status = await bridge<ImportStatus>(page, server, 'import:status', null);
    if (status.done > 0) throw new Error(`the server re-rated ${status.done} seeded photos: the seed does not match what the scan expects`);
    const listed = await bridge<PhotoPage>(page, server, 'photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 1 });
    if (listed.total !== seeded.rows) throw new Error(`the library lists ${listed.total} photos, expected ${seeded.rows}`);

    await page.reload();
    const openGrid = performance.now();
    await page.getByTestId('grid').waitFor();
    // 10,000 links to 200 images would stack as bursts of copies: the bench scrolls every row.
    const stackToggle = page.getByTestId('stack-toggle');
    if (await stackToggle.isChecked()) await stackToggle.uncheck();
    await pollPage(page, `document.querySelector('[data-testid="grid"]')?.dataset.total === '${ROWS}'`, 60_000);
    await pollPage(page, FIRST_THUMB_LOADED, 60_000);
    const firstScreenMs = performance.now() - openGrid;
    const layout = (await page.evaluate(`(() => {
      const grid = document.querySelector('[data-testid="grid"]');
      const rows = document.querySelectorAll('.grid-row');
      return { scrollHeight: grid.scrollHeight, clientHeight: grid.clientHeight, tilesInDom: document.querySelectorAll('[data-testid="grid-tile"]').length, rowsInDom: rows.length, perRow: rows[0] ? rows[0].querySelectorAll('[data-testid="grid-tile"]').length : 0 };
    })()`)) as { scrollHeight: number; clientHeight: number; tilesInDom: number; rowsInDom: number; perRow: number };
    const pxPerSecond = SCROLL_PX_PER_S;

    if (ONLY === 'loupe') {
      await benchLoupe(page);
      await page.context().close();
      return;
    }
    await page.evaluate(await readFile(FRAME_PROBE, 'utf8'));
    const probe = (await page.evaluate(
      `window.__cullerScrollProbe(${JSON.stringify({ selector: '[data-testid="grid"]', pxPerSecond, busySelector: '.tile-loading' })})`,
    )) as ProbeResult;

    const sorted = [...probe.deltas].sort((a, b) => a - b);
    const over = probe.deltas.filter((delta) => delta > FRAME_BUDGET_MS + 0.5).length;
    const rows = Math.ceil(ROWS / Math.max(1, layout.perRow));
    console.log(`  first screen of thumbnails ${seconds(firstScreenMs)} after load; ${layout.perRow} tiles per row, ${rows} rows, ${layout.scrollHeight.toLocaleString('en')} px tall; ${layout.tilesInDom} tiles in the DOM`);
    console.log(`  scrolled ${probe.maxTop.toLocaleString('en')} px in ${seconds(probe.elapsedMs)} at ${Math.round(pxPerSecond)} px/s (${(rows / (probe.elapsedMs / 1000)).toFixed(1)} rows/s), reached bottom: ${probe.reachedBottom}`);
    console.log(`  frames ${probe.deltas.length} (${(probe.deltas.length / (probe.elapsedMs / 1000)).toFixed(1)} fps)`);
    console.log(`  frame time p50 ${ms(percentile(sorted, 0.5))}  p95 ${ms(percentile(sorted, 0.95))}  p99 ${ms(percentile(sorted, 0.99))}  max ${ms(sorted[sorted.length - 1] ?? Number.NaN)}`);
    console.log(`  frames over 16.7 ms: ${over} of ${probe.deltas.length} (${((100 * over) / Math.max(1, probe.deltas.length)).toFixed(1)} %)  [a delta counts as over when > 17.2 ms: vsync jitter is not a drop]`);
    if (probe.supportsLoaf) {
      const loaf = probe.longFrames.map((entry) => entry.duration).sort((a, b) => a - b);
      const blocking = probe.longFrames.reduce((sum, entry) => sum + entry.blockingDuration, 0);
      console.log(
        `  long animation frames (> 50 ms): ${loaf.length}${loaf.length ? `, p50 ${ms(percentile(loaf, 0.5))}, max ${ms(loaf[loaf.length - 1]!)}, total blocking ${ms(blocking)}` : ''}`,
      );
    } else {
      console.log('  long animation frames: not supported by this Chromium');
    }
    console.log(`  placeholders in view (data not loaded yet) in ${probe.samplesWithPlaceholders} of ${probe.samples} samples (${((100 * probe.samplesWithPlaceholders) / Math.max(1, probe.samples)).toFixed(1)} %)`);
    console.log(`  note: headless Chromium with --disable-gpu (software raster); ${seeded.distinctImages} distinct thumbnails behind ${seeded.rows} rows, so later screens are partly served from the browser's cache`);

    await benchLoupe(page);
    await page.context().close();
  } finally {
    await server?.stop();
    await removeTempHome(root);
  }
}

async function benchLoupe(page: Page): Promise<void> {
  if (LOUPE_PRESSES === 0) return;
  console.log(`\n(c) key to paint in the loupe on the same ${ROWS.toLocaleString('en')}-photo library: → pressed ${LOUPE_PRESSES} times at fit and at 100 %, ${LOUPE_PACE_MS} ms apart`);
  await benchLoupeKeys(page, { presses: LOUPE_PRESSES, paceMs: LOUPE_PACE_MS, log: (line) => console.log(line) });
}

async function benchImport(launch: Awaited<ReturnType<typeof launchOfflineChromium>>): Promise<void> {
  console.log(`\n(b) adding a folder of ${IMPORT_COUNT} photos through the UI (models ${IMPORT_MODELS ? 'on' : 'off'})`);
  const home = await makeTempHome('culler-bench-ui-import-');
  let server: CullerServer | null = null;
  try {
    server = await startCullerServer({ home, models: IMPORT_MODELS });
    const page = await launch.newPage();
    await page.goto(server.launchUrl);
    await page.getByTestId('library-tab').click();
    await page.getByTestId('add-folder-input').fill(VARIANTS_DIR);

    await page.evaluate(await readFile(FRAME_PROBE, 'utf8'));
    await page.evaluate('window.__cullerImportClock()');

    const start = performance.now();
    await page.getByTestId('add-folder-button').click();
    // The user goes to the grid to watch photos arrive.
    await page.getByTestId('grid-tab').click();
    type Clock = { clickedAt: number | null; firstThumbAt: number | null };
    let clock: Clock = { clickedAt: null, firstThumbAt: null };
    await waitFor('the first thumbnail in the grid', 10 * 60_000, async () => {
      clock = (await page.evaluate('window.__cullerImportClockState')) as Clock;
      return clock.firstThumbAt !== null;
    });
    const firstThumbMs = clock.clickedAt !== null && clock.firstThumbAt !== null ? clock.firstThumbAt - clock.clickedAt : performance.now() - start;
    console.log(`  first thumbnail loaded in the grid: ${seconds(firstThumbMs)} after clicking Add (page clock: click → frame after the image's load event)`);

    const activeServer = server;
    let lastStatus: ImportStatus | null = null;
    await waitFor(`all ${IMPORT_COUNT} rated`, 30 * 60_000, async () => {
      lastStatus = await bridge<ImportStatus>(page, activeServer, 'import:status', null);
      return lastStatus.state === 'idle' && lastStatus.queued === 0 && lastStatus.done >= IMPORT_COUNT;
    });
    const allRatedMs = performance.now() - start;
    await pollPage(page, `document.querySelector('[data-testid="grid"]')?.dataset.total === '${IMPORT_COUNT}'`, 60_000);
    const gridFullMs = performance.now() - start;
    const status = lastStatus as ImportStatus | null;
    console.log(`  all ${IMPORT_COUNT} rated (import idle): ${seconds(allRatedMs)} (${((IMPORT_COUNT * 1000) / allRatedMs).toFixed(2)} photos/s), ${status?.failed ?? '?'} failed`);
    console.log(`  grid shows ${IMPORT_COUNT}: ${seconds(gridFullMs)}`);
    await page.context().close();
  } finally {
    await server?.stop();
    await removeTempHome(home);
  }
}

async function main(): Promise<void> {
  assertRendererBuilt();
  const cpus = os.cpus();
  console.log(`culler UI bench: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, Node ${process.version}, ${os.platform()} ${os.release()}`);
  const images = await ensurePhotoVariants(FACES_DIR, VARIANTS_DIR, IMPORT_COUNT);
  console.log(`  ${images.length} distinct photos (re-encoded corpus variants) in ${path.relative(REPO_ROOT, VARIANTS_DIR)}`);
  const launch = await launchOfflineChromium();
  try {
    console.log(`  ${launch.browser.version()}, viewport ${VIEWPORT.width}×${VIEWPORT.height}`);
    if (ONLY !== 'import') await benchScroll(launch, images);
    if (ONLY !== 'scroll' && ONLY !== 'loupe') await benchImport(launch);
  } finally {
    await launch.browser.close();
  }
  if (launch.foreign.length > 0) throw new Error(`the page tried to reach hosts other than 127.0.0.1: ${launch.foreign.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
