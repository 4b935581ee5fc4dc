import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from './repo-paths.js';

/** Step screenshots of the last run (test artifacts, cleared with test-results/). */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'e2e', 'screenshots');

/** A stable copy of the last complete set, for looking at without digging in test-results (git-ignored). */
export const LATEST_SCREENSHOT_DIR = path.join(REPO_ROOT, 'e2e', 'screenshots-latest');

/** Numbered so the files sort in the order the journey took them. */
export class StepScreenshots {
  private step = 0;
  readonly files: string[] = [];

  constructor(private readonly page: Page) {}

  async take(name: string): Promise<string> {
    this.step += 1;
    const file = path.join(SCREENSHOT_DIR, `${String(this.step).padStart(2, '0')}-${name}.png`);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await this.page.screenshot({ path: file, fullPage: false });
    this.files.push(file);
    return file;
  }

  /** Replaces e2e/screenshots-latest/ with this run's set (called once the journey has finished). */
  async publish(): Promise<void> {
    await rm(LATEST_SCREENSHOT_DIR, { recursive: true, force: true });
    await mkdir(LATEST_SCREENSHOT_DIR, { recursive: true });
    for (const file of this.files) await copyFile(file, path.join(LATEST_SCREENSHOT_DIR, path.basename(file)));
  }
}

/** Clears the previous run's step screenshots so a shorter run leaves no stale files. */
export async function clearStepScreenshots(): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  for (const entry of await readdir(SCREENSHOT_DIR)) await rm(path.join(SCREENSHOT_DIR, entry), { force: true });
}
