import { z } from 'zod';
import type { Settings, SettingsPatch } from '../../src-preload/contract/library-types.js';
import type { LibraryRepo } from '../engine/catalog/library.repo.js';

const API_SERVER_SETTING = 'apiServer';

/** Off by default, and only on this machine's loopback when turned on. */
export const DEFAULT_SETTINGS: Settings = { apiServer: { enabled: false, host: '127.0.0.1', port: 8750 } };

const storedApiServer = z.object({
  enabled: z.boolean(),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
});

/** Settings as saved, with defaults for anything missing or unreadable (a hand-edited catalog, an older app). */
export function readSettings(repo: LibraryRepo): Settings {
  const stored = storedApiServer.safeParse(repo.setting(API_SERVER_SETTING));
  return { apiServer: stored.success ? stored.data : { ...DEFAULT_SETTINGS.apiServer } };
}

/** Applies a (validated) patch and saves the result. */
export function writeSettings(repo: LibraryRepo, patch: SettingsPatch): Settings {
  const current = readSettings(repo);
  const next: Settings = { apiServer: { ...current.apiServer, ...definedOnly(patch.apiServer ?? {}) } };
  repo.setSetting(API_SERVER_SETTING, next.apiServer);
  return next;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
