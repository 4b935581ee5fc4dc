import type { CullerApi } from '../../src-preload/contract/ipc-contract.js';
import { createBrowserBridge } from './browser-bridge.ts';

/**
 * The only module that touches `window.api`. The desktop app's preload sets it; the browser build
 * served by `culler serve` has no preload, so the same `CullerApi` is implemented over same-origin
 * HTTP instead. Everything above this file sees one API and never asks which door it came through.
 */
let chosen: CullerApi | null = null;

export function bridge(): CullerApi {
  chosen ??= window.api ?? createBrowserBridge();
  return chosen;
}
