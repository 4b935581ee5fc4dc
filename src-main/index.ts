import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import { EVENT_CHANNEL, IPC_CHANNELS, type IpcChannel, type IpcError, type IpcReply } from '../src-preload/contract/ipc-contract.js';
import type { MediaKind } from '../src-preload/contract/library-types.js';
import { contentSecurityPolicy } from './content-security-policy.js';
import { defaultHome, homeLayout } from './engine/paths.js';
import { fileInsideCache, IMAGE_HASH_PATTERN, MEDIA_KINDS } from './media-file.js';
import { ServiceClient } from './service-host/service-client.js';

/**
 * Electron main: one window, the IPC doors, the media protocol, nothing else. The library service
 * (engine, catalog, watcher, import queue) runs on a worker thread behind `ServiceClient`, so the
 * engine's work never holds this event loop; everything that could run without Electron lives
 * outside this file.
 */

/** Thumbnails and previews: culler-media://thumb/<sha-256>, served from the cache folder only. */
const MEDIA_SCHEME = 'culler-media';
protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } }]);

const home = defaultHome();
const service = new ServiceClient({ home, version: app.getVersion(), models: true }, (line) => console.log(line));

// Set by `electron-vite dev`; trusted only in an unpackaged app.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const rendererIndex = path.join(import.meta.dirname, '../renderer/index.html');
const rendererFileUrl = pathToFileURL(rendererIndex).href;
// Sandboxed preloads must be CommonJS; see electron.vite.config.ts.
const preloadScript = path.join(import.meta.dirname, '../preload/index.cjs');

/** True only for the app's own page: the built index.html, or the dev server's origin in dev. */
function isAppPage(url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (devServerUrl) return parsed.origin === new URL(devServerUrl).origin;
  parsed.hash = '';
  parsed.search = '';
  return parsed.href === rendererFileUrl;
}

function failure(code: IpcError['code'], message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/**
 * Registers every channel of the contract. Each call is checked at this door: the sender must be
 * the app's own page (not a navigated-to or embedded one). The payload is validated by the service
 * (one zod schema per channel, shared with the browser bridge). A throwing handler is a bug; it is
 * logged and answered with `internal_error`.
 */
function registerIpcHandlers(): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, async (event, raw: unknown): Promise<IpcReply<IpcChannel>> => {
      const senderUrl = event.senderFrame?.url;
      if (!isAppPage(senderUrl)) {
        return failure('forbidden', `${channel} is answered only to the app's own page, not ${senderUrl ?? 'a destroyed frame'}`);
      }
      try {
        if (channel === 'library:pickFolder') return await pickFolder(event.sender);
        return await service.handle(channel, raw);
      } catch (error) {
        console.error(`[ipc] ${channel} failed`, error);
        return failure('internal_error', `${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }
  // Pushed events go to the app's own page only.
  service.onEvent((appEvent) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (isAppPage(window.webContents.getURL())) window.webContents.send(EVENT_CHANNEL, appEvent);
    }
  });
}

/** The one channel only the desktop door can answer: a native folder dialog. */
async function pickFolder(sender: Electron.WebContents): Promise<IpcReply<'library:pickFolder'>> {
  const window = BrowserWindow.fromWebContents(sender);
  const options: Electron.OpenDialogOptions = { title: 'Add a folder of photos', properties: ['openDirectory'] };
  const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return { ok: true, value: { path: picked.canceled ? null : (picked.filePaths[0] ?? null) } };
}

/**
 * culler-media://<thumb|preview|full>/<image hash>: the service names the file; it is served only if it
 * resolves inside the cache folder, so no URL the page can build reaches any other file.
 */
function registerMediaProtocol(): void {
  const cacheDir = homeLayout(home).cacheDir;
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const kind = url.hostname;
    const hash = url.pathname.replace(/^\//, '');
    if (!(MEDIA_KINDS as readonly string[]).includes(kind) || !IMAGE_HASH_PATTERN.test(hash)) return new Response('bad media address', { status: 400 });
    const file = await fileInsideCache(await service.mediaFile(kind as MediaKind, hash), cacheDir);
    if (!file) return new Response('no such image', { status: 404 });
    return net.fetch(pathToFileURL(file).href);
  });
}

function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    // The app is one page; anything else (a dropped file, a link, a redirect by script) is blocked.
    contents.on('will-navigate', (event, url) => {
      if (!isAppPage(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function hardenSession(): void {
  const policy = contentSecurityPolicy({ dev: devServerUrl !== undefined, mediaSources: [`${MEDIA_SCHEME}:`] });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  // No camera, notifications, geolocation…: a culler needs none of them.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'Culler',
    webPreferences: {
      preload: preloadScript,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndex);
  return window;
}

hardenWebContents();

void app.whenReady().then(() => {
  hardenSession();
  registerMediaProtocol();
  registerIpcHandlers();
  service.start().catch((error: Error) => {
    console.error(`[service] ${error.message}`);
    // The library cannot open (read-only or full home, damaged or newer catalog): say so in a window.
    dialog.showErrorBox('Culler cannot open its library', error.message);
  });
  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

// Let the service finish the files it is rating and close the catalog before the process ends.
let closing = false;
app.on('before-quit', (event) => {
  if (closing) return;
  closing = true;
  event.preventDefault();
  void service.close().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
