import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../../e2e/support/repo-paths.js';

const PROBE = path.join(REPO_ROOT, 'bench', 'ui', 'key-paint-probe.js');

export type KeyPaintReport = { label: string; samples: number[]; missed: number };

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

async function pressAndTime(page: Page, key: string, full: boolean, timeoutMs: number): Promise<number | null> {
  await page.evaluate('window.__cullerArmKey()');
  await page.keyboard.press(key);
  return (await page.evaluate(`window.__cullerKeyToPaint(${JSON.stringify({ full, timeoutMs })})`)) as number | null;
}

/**
 * (c) Key to paint in the loupe, on the library already open in `page`: the first photo opened
 * with F, then → pressed `presses` times at a culler's pace (`paceMs` between keys, time in which
 * the loupe preloads the neighbours, as it would between real key presses), at fit and at 100 %.
 * For each press: ms from the keydown to the frame that shows the next photo's preview, and at
 * 100 % also to the frame that shows its full-resolution pixels.
 */
export async function benchLoupeKeys(page: Page, options: { presses: number; paceMs: number; log: (line: string) => void }): Promise<KeyPaintReport[]> {
  await page.evaluate(await readFile(PROBE, 'utf8'));
  await page.evaluate(`document.querySelector('[data-testid="grid"]').scrollTop = 0`);
  await page.locator('[data-testid="grid-tile"]').first().click();
  await page.keyboard.press('f');
  await page.getByTestId('loupe').waitFor();

  const fit: number[] = [];
  const actualPreview: number[] = [];
  const actualFull: number[] = [];
  let missed = 0;
  for (let press = 0; press < options.presses; press++) {
    await page.waitForTimeout(options.paceMs);
    const time = await pressAndTime(page, 'ArrowRight', false, 10_000);
    if (time === null) missed++;
    else fit.push(time);
  }
  await page.keyboard.press('z');
  await page.locator('[data-testid="zoom-stage"][data-full-loaded="true"]').waitFor({ timeout: 60_000 });
  let missedFull = 0;
  for (let press = 0; press < options.presses; press++) {
    await page.waitForTimeout(options.paceMs);
    const time = await pressAndTime(page, 'ArrowRight', false, 10_000);
    if (time === null) missed++;
    else actualPreview.push(time);
    const full = (await page.evaluate(`window.__cullerKeyToPaint(${JSON.stringify({ full: true, timeoutMs: 30_000 })})`)) as number | null;
    if (full === null) missedFull++;
    else actualFull.push(full);
  }
  const reports: KeyPaintReport[] = [
    { label: 'fit: next photo painted', samples: fit, missed },
    { label: '100 %: next photo painted (preview at full size)', samples: actualPreview, missed: 0 },
    { label: '100 %: full-resolution pixels painted', samples: actualFull, missed: missedFull },
  ];
  for (const report of reports) {
    const sorted = [...report.samples].sort((a, b) => a - b);
    options.log(
      `  ${report.label}: p50 ${percentile(sorted, 0.5).toFixed(1)} ms  p95 ${percentile(sorted, 0.95).toFixed(1)} ms  max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms  (${sorted.length} presses${report.missed ? `, ${report.missed} not painted within the timeout` : ''})`,
    );
  }
  await page.keyboard.press('Escape');
  return reports;
}
