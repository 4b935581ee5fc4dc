import type { AppEventListener, IpcChannel, IpcReply } from '../src-preload/contract/ipc-contract.js';
import type { MediaKind } from '../src-preload/contract/library-types.js';

/**
 * What a door to the UI (Electron's IPC, the browser build's HTTP bridge) needs from the backend.
 * The library service satisfies it in-process (`culler serve`), and the desktop's worker-thread
 * client satisfies it across a thread, so both doors are written once against this type.
 */
export type UiBackend = {
  /** Validates and answers one contract call; never throws. */
  handle(channel: string, raw: unknown): Promise<IpcReply<IpcChannel>>;
  onEvent(listener: AppEventListener): () => void;
  /** An absolute path inside the cache, or null when there is no such image. */
  mediaFile(kind: MediaKind, imageHash: string): Promise<string | null>;
};
