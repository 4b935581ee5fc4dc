import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './repo-paths.js';

/** Where `electron-vite build` writes the renderer that `culler serve` serves. */
export const RENDERER_INDEX = path.join(REPO_ROOT, 'out', 'renderer', 'index.html');

/**
 * Fails early with the command to run: without the build, `culler serve` refuses to start and the
 * test would only say that no launch URL was printed.
 */
export function assertRendererBuilt(): void {
  if (!existsSync(RENDERER_INDEX)) {
    throw new Error(`The browser build is missing (${RENDERER_INDEX}). Run \`npx electron-vite build\` (or \`npm run build\`) before \`npm run test:e2e\`.`);
  }
}
