import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { REPO_ROOT } from '../../e2e/support/repo-paths.js';

const PROBE = path.join(REPO_ROOT, 'bench', 'ui', 'key-paint-probe.js');

export type KeyPaintReport = { label: string; samples: number[]; missed: number };

type Painted = { frame: number; painted: number | null };

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/** The renderer's own CPU clocks (DevTools Performance domain), in ms: its main thread, and the whole renderer process (raster and decode threads too). */
async function cpuClocks(cdp: CDPSession): Promise<{ thread: number; process: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => (metrics.find((metric) => metric.name === name)?.value ?? Number.NaN) * 1000;
  return { thread: value('ThreadTime'), process: value('ProcessTime') };
}

type Series = { frame: number[]; painted: number[]; thread: number[]; process: number[]; missed: number; unpainted: number };
const emptySeries = (): Series => ({ frame: [], painted: [], thread: [], process: [], missed: 0, unpainted: 0 });

/** One → in the loupe, timed: keydown to the frame and to the presented paint, and the renderer CPU spent from the key to that paint. */
async function pressAndTime(page: Page, cdp: CDPSession, full: boolean, into: Series, timeoutMs: number): Promise<void> {
  const before = await cpuClocks(cdp);
  await page.evaluate('window.__cullerArmKey()');
  await page.keyboard.press('ArrowRight');
  const preview = (await page.evaluate(`window.__cullerKeyToPaint(${JSON.stringify({ full, timeoutMs })})`)) as Painted | null;
  const after = await cpuClocks(cdp);
  if (preview === null) {
    into.missed++;
    return;
  }
  into.frame.push(preview.frame);
  if (preview.painted === null) into.unpainted++;
  else into.painted.push(preview.painted);
  into.thread.push(after.thread - before.thread);
  into.process.push(after.process - before.process);
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 0.5).toFixed(1)} ms  p95 ${percentile(sorted, 0.95).toFixed(1)} ms  max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms`;
};

function logSeries(log: (line: string) => void, label: string, series: Series): void {
  const count = series.frame.length;
  const notes = [series.missed ? `${series.missed} not shown within the timeout` : '', series.unpainted ? `${series.unpainted} without a paint timing` : ''].filter(Boolean).join(', ');
  log(`  ${label} (${count} presses${notes ? `; ${notes}` : ''})`);
  log(`    key → presented paint (Element Timing): ${stats(series.painted)}`);
  log(`    key → first frame with the image loaded: ${stats(series.frame)}`);
  log(`    renderer CPU from key to paint: main thread ${stats(series.thread)}; whole renderer ${stats(series.process)}`);
}

/**
 * (c) Key to paint in the loupe, on the library already open in `page`: the first photo opened
 * with F, then → pressed `presses` times at a culler's pace (`paceMs` between keys, time in which
 * the loupe preloads and decodes the neighbours, as it would between real key presses), at fit and
 * at 100 %. Since the machine may be shared, each series also reports what does not depend on the
 * load: the renderer's CPU time per key (descheduled time is not counted), and the floor: the same
 * keydown-to-frame path for a key the app ignores, measured in the same run.
 */
export async function benchLoupeKeys(page: Page, options: { presses: number; paceMs: number; log: (line: string) => void }): Promise<KeyPaintReport[]> {
  const { log } = options;
  await page.evaluate(await readFile(PROBE, 'utf8'));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  // By name: the seeded rows cycle through the distinct images (photo-00001 → image 1, 00002 → image
  // 2 …), so each → shows a photo the browser has not seen yet. By score, the copies of one image
  // sit side by side and most presses would repaint the same, already decoded, URL.
  await page.getByTestId('sort-select').selectOption('name');
  for (let tries = 0; !(await page.evaluate(`document.querySelector('[data-testid="grid-tile"]')?.textContent.includes('photo-00001') ?? false`)); tries++) {
    if (tries > 600) throw new Error('the grid did not re-sort by name within a minute');
    await page.waitForTimeout(100);
  }
  await page.evaluate(`document.querySelector('[data-testid="grid"]').scrollTop = 0`);
  await page.locator('[data-testid="grid-tile"]').first().click();
  await page.keyboard.press('f');
  await page.getByTestId('loupe').waitFor();
  const loadAtStart = os.loadavg();

  const floor: number[] = [];
  const floorThread: number[] = [];
  const fit = emptySeries();
  for (let press = 0; press < options.presses; press++) {
    await page.waitForTimeout(options.paceMs);
    await pressAndTime(page, cdp, false, fit, 10_000);
    // The floor, interleaved so that it sees the same load: a key the loupe ignores.
    const before = await cpuClocks(cdp);
    await page.evaluate('window.__cullerArmKey()');
    await page.keyboard.press('F10');
    const idle = (await page.evaluate('window.__cullerKeyToFrame()')) as number | null;
    const after = await cpuClocks(cdp);
    if (idle !== null) floor.push(idle);
    floorThread.push(after.thread - before.thread);
  }

  await page.keyboard.press('z');
  await page.locator('[data-testid="zoom-stage"][data-full-loaded="true"]').waitFor({ timeout: 60_000 });
  const actual = emptySeries();
  const actualFull = emptySeries();
  for (let press = 0; press < options.presses; press++) {
    await page.waitForTimeout(options.paceMs);
    await pressAndTime(page, cdp, false, actual, 10_000);
    const full = (await page.evaluate(`window.__cullerKeyToPaint(${JSON.stringify({ full: true, timeoutMs: 30_000 })})`)) as Painted | null;
    if (full === null) actualFull.missed++;
    else {
      actualFull.frame.push(full.frame);
      if (full.painted === null) actualFull.unpainted++;
      else actualFull.painted.push(full.painted);
    }
  }
  const loadAtEnd = os.loadavg();
  log(`  load average (1 min) ${loadAtStart[0]!.toFixed(2)} at the start, ${loadAtEnd[0]!.toFixed(2)} at the end, on ${os.cpus().length} cores`);
  log(`  floor: a key the app ignores, keydown → next frame: ${stats(floor)} (${floor.length} presses, interleaved with the fit presses)`);
  log(`    its main-thread CPU (the probe and DevTools calls, which every press also pays): ${stats(floorThread)}`);
  logSeries(log, 'fit: next photo painted', fit);
  logSeries(log, '100 %: next photo painted (its preview drawn at full size at once)', actual);
  log(`  100 %: full-resolution pixels of the next photo (${actualFull.frame.length} presses${actualFull.missed ? `; ${actualFull.missed} not within 30 s` : ''})`);
  log(`    key → presented paint (Element Timing): ${stats(actualFull.painted)}`);
  log(`    key → first frame with the image loaded: ${stats(actualFull.frame)}`);
  await page.keyboard.press('Escape');
  await cdp.detach();
  return [
    { label: 'fit', samples: fit.painted, missed: fit.missed },
    { label: '100 % preview', samples: actual.painted, missed: actual.missed },
    { label: '100 % full', samples: actualFull.painted, missed: actualFull.missed },
  ];
}
