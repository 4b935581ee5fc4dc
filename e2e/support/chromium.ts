import type { LaunchOptions } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test-support/debian-chromium.js';

/** Launch options for Debian's Chromium (see test-support/debian-chromium.ts). */
export const CHROMIUM_LAUNCH: LaunchOptions = { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] };

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
