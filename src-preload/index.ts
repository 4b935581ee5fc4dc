import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, type AppEventListener, type CullerApi, type IpcInvoke, type IpcReply } from './contract/ipc-contract.js';
import type { AppEvent, MediaKind } from './contract/library-types.js';

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

/** The renderer gets the event only, never ipcRenderer's event object (it reaches into Electron). */
function onEvent(listener: AppEventListener): () => void {
  const forward = (_event: Electron.IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

// Spelled out per channel rather than generated: the `CullerApi` type makes a missing one a compile error.
const api: CullerApi = {
  appInfo: () => invoke('app:info', undefined),
  libraryFolders: () => invoke('library:folders', undefined),
  libraryAddFolder: (request) => invoke('library:addFolder', request),
  libraryRemoveFolder: (request) => invoke('library:removeFolder', request),
  libraryPickFolder: () => invoke('library:pickFolder', undefined),
  importStatus: () => invoke('import:status', undefined),
  importPause: () => invoke('import:pause', undefined),
  importResume: () => invoke('import:resume', undefined),
  photosList: (request) => invoke('photos:list', request),
  photosFacets: () => invoke('photos:facets', undefined),
  photosDetail: (request) => invoke('photos:detail', request),
  cullSet: (request) => invoke('cull:set', request),
  feedbackSubmit: (request) => invoke('feedback:submit', request),
  settingsGet: () => invoke('settings:get', undefined),
  settingsSet: (request) => invoke('settings:set', request),
  apiServerStatus: () => invoke('apiServer:status', undefined),
  groupsList: () => invoke('groups:list', undefined),
  groupsEdit: (request) => invoke('groups:edit', request),
  xmpWrite: (request) => invoke('xmp:write', request),
  exportRun: (request) => invoke('export:run', request),
  exportUndo: (request) => invoke('export:undo', request),
  cullUndo: () => invoke('cull:undo', undefined),
  cullRedo: () => invoke('cull:redo', undefined),
  cullHistory: () => invoke('cull:history', undefined),
  cullSetEach: (request) => invoke('cull:setEach', request),
  photosFacetsFor: (request) => invoke('photos:facetsFor', request),
  learningStatus: () => invoke('learning:status', undefined),
  learningTrain: () => invoke('learning:train', undefined),
  learningReset: () => invoke('learning:reset', undefined),
  learningRollback: (request) => invoke('learning:rollback', request),
  onEvent,
  mediaUrl: (kind: MediaKind, imageHash: string) => `culler-media://${kind}/${imageHash}`,
};

contextBridge.exposeInMainWorld('api', api);
