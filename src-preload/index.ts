import { contextBridge, ipcRenderer } from 'electron';
import type { CullerApi, IpcInvoke, IpcReply } from './contract/ipc-contract.js';

/**
 * The only place that talks to ipcRenderer. A rejected invoke (no handler in main, a bug there)
 * becomes an error value, so the renderer never needs try/catch around the bridge.
 */
const invoke: IpcInvoke = async (channel, request) => {
  try {
    return (await ipcRenderer.invoke(channel, request)) as IpcReply<typeof channel>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal_error', message } };
  }
};

// Spelled out per channel rather than generated: the `CullerApi` type makes a missing one a compile error.
const api: CullerApi = {
  appInfo: () => invoke('app:info', undefined),
};

contextBridge.exposeInMainWorld('api', api);
