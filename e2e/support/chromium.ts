import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium, never a downloaded one (see ../shared/TOOLCHAIN.md): these machines reach no
 * browser download host, and neither would an offline user's. Everything that could phone home
 * (component updates, sync, background networking, QUIC) is switched off.
 */
export const CHROMIUM_LAUNCH: LaunchOptions = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** The only host the page may talk to: the local server `culler serve` started. */
export const LOCAL_HOST = '127.0.0.1';

/** True for a request the app has no business making (anything off this machine's loopback). */
export function isForeignRequest(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  // data: and blob: URLs never leave the page.
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return false;
  return parsed.hostname !== LOCAL_HOST;
}
