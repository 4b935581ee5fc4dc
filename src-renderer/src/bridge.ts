import type { CullerApi } from '../../src-preload/contract/ipc-contract.js';

/**
 * The only module that touches `window.api`. `null` when the page runs without the desktop bridge
 * (a plain browser, renderer tests), so every caller has to decide what to show then.
 */
export function desktopBridge(): CullerApi | null {
  return window.api ?? null;
}
