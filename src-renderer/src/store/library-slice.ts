import type { FolderView, ImportStatus } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { describeError } from '../common/errors.ts';
import type { SliceCreator } from './slice.ts';

export type LibrarySlice = {
  folders: FolderView[] | null;
  foldersError: string | null;
  importStatus: ImportStatus | null;
  importError: string | null;
  loadFolders: () => Promise<void>;
  /** Resolves to an error sentence, or null once the folder is in the library. */
  addFolder: (path: string) => Promise<string | null>;
  removeFolder: (folderId: number) => Promise<void>;
  /** The desktop's native dialog; null when cancelled or when this door has no dialog (the browser). */
  pickFolder: () => Promise<string | null>;
  loadImportStatus: () => Promise<void>;
  pauseImport: () => Promise<void>;
  resumeImport: () => Promise<void>;
  setImportStatus: (status: ImportStatus) => void;
};

export const createLibrarySlice: SliceCreator<LibrarySlice> = (set, get) => ({
  folders: null,
  foldersError: null,
  importStatus: null,
  importError: null,
  loadFolders: async () => {
    const reply = await bridge().libraryFolders();
    if (reply.ok) set({ folders: reply.value, foldersError: null });
    else set({ foldersError: describeError(reply.error) });
  },
  addFolder: async (path) => {
    const reply = await bridge().libraryAddFolder({ path });
    if (!reply.ok) return describeError(reply.error);
    // The folders-changed event would refresh too; adding it now makes the click feel immediate.
    set((state) => ({ folders: [...(state.folders ?? []).filter((folder) => folder.id !== reply.value.id), reply.value] }));
    void get().loadImportStatus();
    return null;
  },
  removeFolder: async (folderId) => {
    const reply = await bridge().libraryRemoveFolder({ folderId });
    if (!reply.ok) {
      get().reportError('Could not remove the folder', reply.error);
      return;
    }
    set((state) => ({ folders: (state.folders ?? []).filter((folder) => folder.id !== folderId) }));
  },
  pickFolder: async () => {
    const reply = await bridge().libraryPickFolder();
    if (!reply.ok) {
      get().reportError('The folder dialog failed', reply.error);
      return null;
    }
    return reply.value.path;
  },
  loadImportStatus: async () => {
    const reply = await bridge().importStatus();
    if (reply.ok) set({ importStatus: reply.value, importError: null });
    else set({ importError: describeError(reply.error) });
  },
  pauseImport: async () => {
    const reply = await bridge().importPause();
    if (reply.ok) set({ importStatus: reply.value });
    else get().reportError('Could not pause the import', reply.error);
  },
  resumeImport: async () => {
    const reply = await bridge().importResume();
    if (reply.ok) set({ importStatus: reply.value });
    else get().reportError('Could not resume the import', reply.error);
  },
  setImportStatus: (importStatus) => set({ importStatus }),
});
