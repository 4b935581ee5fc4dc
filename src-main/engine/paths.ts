import os from 'node:os';
import path from 'node:path';

/**
 * Where the app keeps its catalog and caches: `CULLER_HOME` when set, else the platform's
 * per-user data folder. Never inside the photo folders: culling must not litter a shoot.
 */
export function defaultHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CULLER_HOME) return path.resolve(env.CULLER_HOME);
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'culler');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'culler');
    default:
      return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'culler');
  }
}

/** `cacheDir` holds everything the UI may show (thumbnails, previews): the media doors serve nothing outside it. */
export type HomeLayout = { home: string; catalogFile: string; cacheDir: string; thumbnailDir: string; modelCacheDir: string };

export function homeLayout(home: string): HomeLayout {
  return {
    home,
    catalogFile: path.join(home, 'catalog.sqlite'),
    cacheDir: path.join(home, 'cache'),
    thumbnailDir: path.join(home, 'cache', 'thumbnails'),
    modelCacheDir: path.join(home, 'models', 'converted'),
  };
}
