import { z } from 'zod';
import { COLOR_LABELS, SIDECAR_NAMINGS, type Settings, type SettingsPatch, type XmpSettings } from '../../src-preload/contract/library-types.js';
import type { LibraryRepo } from '../engine/catalog/library.repo.js';
import { PROFILE_SETTING } from '../engine/catalog/profile.repo.js';
import { DEFAULT_SHOOT_PROFILE, SHOOT_PROFILES, type ShootProfile } from '../../src-preload/contract/rating-result.js';
import { DEFAULT_AUTO_CULL } from '../engine/sidecars/xmp-marks.js';

const API_SERVER_SETTING = 'apiServer';
const XMP_SETTING = 'xmp';

/** Off by default, and only on this machine's loopback when turned on. */
export const DEFAULT_SETTINGS: Settings = {
  apiServer: { enabled: false, host: '127.0.0.1', port: 8750 },
  // Sidecars on by default (the cull is useless if it cannot leave the app); the auto-cull off.
  xmp: { writeSidecars: true, naming: 'adobe', autoCull: DEFAULT_AUTO_CULL },
  // The hosted services' judgement: a portfolio of portraits.
  profile: DEFAULT_SHOOT_PROFILE,
};

const storedApiServer = z.object({
  enabled: z.boolean(),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
});

export const autoCullSchema = z.object({
  enabled: z.boolean(),
  low: z.enum(['reject', 'none']),
  needsReviewLabel: z.enum(COLOR_LABELS).nullable(),
  starBands: z
    .tuple([z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100)])
    .refine((bands) => bands.every((band, index) => index === 0 || band >= bands[index - 1]!), { message: 'star bands must ascend' }),
});

const storedXmp = z.object({ writeSidecars: z.boolean(), naming: z.enum(SIDECAR_NAMINGS), autoCull: autoCullSchema });

/** Settings as saved, with defaults for anything missing or unreadable (a hand-edited catalog, an older app). */
export function readSettings(repo: LibraryRepo): Settings {
  const stored = storedApiServer.safeParse(repo.setting(API_SERVER_SETTING));
  const xmp = storedXmp.safeParse(repo.setting(XMP_SETTING));
  const profile = z.enum(SHOOT_PROFILES).safeParse(repo.setting(PROFILE_SETTING));
  return {
    apiServer: stored.success ? stored.data : { ...DEFAULT_SETTINGS.apiServer },
    xmp: xmp.success ? (xmp.data as XmpSettings) : structuredClone(DEFAULT_SETTINGS.xmp),
    profile: profile.success ? profile.data : DEFAULT_SETTINGS.profile,
  };
}

/**
 * Applies a (validated) patch and saves the result. The profile is saved by the engine
 * (`engine.setProfile`, which also re-judges the library); here it is only read back.
 */
export function writeSettings(repo: LibraryRepo, patch: SettingsPatch): Settings {
  const current = readSettings(repo);
  const next: Settings = {
    apiServer: { ...current.apiServer, ...definedOnly(patch.apiServer ?? {}) },
    xmp: {
      ...current.xmp,
      ...definedOnly({ writeSidecars: patch.xmp?.writeSidecars, naming: patch.xmp?.naming }),
      autoCull: { ...current.xmp.autoCull, ...definedOnly(patch.xmp?.autoCull ?? {}) },
    },
    profile: current.profile satisfies ShootProfile,
  };
  repo.setSetting(API_SERVER_SETTING, next.apiServer);
  if (patch.xmp) repo.setSetting(XMP_SETTING, next.xmp);
  return next;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
