import type { ApiServerStatus, Settings, SettingsPatch } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { describeError } from '../common/errors.ts';
import type { SliceCreator } from './slice.ts';

export type SettingsSlice = {
  settings: Settings | null;
  settingsError: string | null;
  apiServerStatus: ApiServerStatus | null;
  loadSettings: () => Promise<void>;
  /** Resolves to an error sentence, or null once saved. */
  saveSettings: (patch: SettingsPatch) => Promise<string | null>;
  loadApiServerStatus: () => Promise<void>;
  setApiServerStatus: (status: ApiServerStatus) => void;
};

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  settings: null,
  settingsError: null,
  apiServerStatus: null,
  loadSettings: async () => {
    const reply = await bridge().settingsGet();
    if (reply.ok) set({ settings: reply.value, settingsError: null });
    else set({ settingsError: describeError(reply.error) });
  },
  saveSettings: async (patch) => {
    const reply = await bridge().settingsSet(patch);
    if (!reply.ok) return describeError(reply.error);
    set({ settings: reply.value, settingsError: null });
    // The server starts or stops as a consequence; the api-server event also reports it.
    void get().loadApiServerStatus();
    return null;
  },
  loadApiServerStatus: async () => {
    const reply = await bridge().apiServerStatus();
    if (reply.ok) set({ apiServerStatus: reply.value });
    else set({ apiServerStatus: { running: false, url: null, error: describeError(reply.error) } });
  },
  setApiServerStatus: (apiServerStatus) => set({ apiServerStatus }),
});
