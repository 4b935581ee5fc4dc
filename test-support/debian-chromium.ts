/**
 * Debian's Chromium, never a downloaded one (see ../shared/TOOLCHAIN.md): these machines reach no
 * browser download host, and neither would an offline user's. Everything that could phone home
 * (component updates, sync, background networking, QUIC) is switched off. Shared by the MediaPipe
 * parity harness, the end-to-end tests and the UI benchmark.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
