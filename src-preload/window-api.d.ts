import type { CullerApi } from './contract/ipc-contract.js';

declare global {
  interface Window {
    /** Set by the preload; absent when the renderer runs in a plain browser (tests, dev without Electron). */
    readonly api?: CullerApi;
  }
}

export {};
