import type { IpcChannel, IpcReply } from '../../src-preload/contract/ipc-contract.js';
import type { ApiServerSettings, AppEvent, MediaKind } from '../../src-preload/contract/library-types.js';

/**
 * Messages between the desktop's main thread and the worker thread that hosts the library service
 * (engine, catalog, watcher, import queue, optional API server). The main thread keeps only the
 * window and the IPC doors, so nothing the engine does can stall the UI's event loop.
 */
export type ServiceWorkerSetup = {
  home: string;
  version: string;
  /** Default on; off runs the pixel analyzers only. */
  models: boolean;
};

export type ToServiceWorker =
  | { kind: 'call'; id: number; channel: string; request: unknown }
  | { kind: 'media'; id: number; mediaKind: MediaKind; imageHash: string }
  | { kind: 'close' };

export type FromServiceWorker =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'reply'; id: number; reply: IpcReply<IpcChannel> }
  | { kind: 'media'; id: number; file: string | null }
  | { kind: 'event'; event: AppEvent }
  | { kind: 'log'; line: string }
  | { kind: 'closed' };

export type { ApiServerSettings };
