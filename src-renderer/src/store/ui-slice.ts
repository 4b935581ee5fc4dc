import type { AppInfo, IpcError } from '../../../src-preload/contract/ipc-contract.js';
import { bridge } from '../bridge.ts';
import { describeError } from '../common/errors.ts';
import type { SliceCreator } from './slice.ts';

export type View = 'library' | 'grid' | 'detail' | 'review' | 'settings' | 'loupe' | 'compare';

/** `info`: news, not a failure (an undo, a photo that left the library); failures have no kind. */
export type Notice = { id: number; text: string; kind?: 'info' };

export type UiSlice = {
  view: View;
  helpOpen: boolean;
  appInfo: AppInfo | null;
  appInfoError: string | null;
  /** Failures of actions the user took (a mark that did not save, a folder that could not be added). */
  notices: Notice[];
  setView: (view: View) => void;
  toggleHelp: (open?: boolean) => void;
  loadAppInfo: () => Promise<void>;
  reportError: (context: string, error: IpcError) => void;
  dismissNotice: (id: number) => void;
  /** A plain notice (not a failure): something the user should know happened. */
  notify: (text: string) => void;
};

let nextNoticeId = 1;

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  view: 'grid',
  helpOpen: false,
  appInfo: null,
  appInfoError: null,
  notices: [],
  setView: (view) => set({ view }),
  toggleHelp: (open) => set((state) => ({ helpOpen: open ?? !state.helpOpen })),
  loadAppInfo: async () => {
    const reply = await bridge().appInfo();
    if (reply.ok) set({ appInfo: reply.value, appInfoError: null });
    else set({ appInfoError: describeError(reply.error) });
  },
  reportError: (context, error) =>
    set((state) => ({ notices: [...state.notices.slice(-4), { id: nextNoticeId++, text: `${context}: ${describeError(error)}` }] })),
  dismissNotice: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
  notify: (text) => set((state) => ({ notices: [...state.notices.slice(-4), { id: nextNoticeId++, text, kind: 'info' }] })),
});
