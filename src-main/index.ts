import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { z } from 'zod';
import type { IpcChannel, IpcError, IpcHandler, IpcReply, IpcRequest } from '../src-preload/contract/ipc-contract.js';
import { defaultHome } from './engine/paths.js';

/**
 * Electron main: one window, the IPC doors into the engine, nothing else. Everything that could
 * run without Electron belongs in ./engine.
 */

// Set by `electron-vite dev`; trusted only in an unpackaged app.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const rendererIndex = path.join(import.meta.dirname, '../renderer/index.html');
const rendererFileUrl = pathToFileURL(rendererIndex).href;
// Sandboxed preloads must be CommonJS; see electron.vite.config.ts.
const preloadScript = path.join(import.meta.dirname, '../preload/index.cjs');

/**
 * Mirrors the meta tag in src-renderer/index.html. Both are needed: the header covers http(s)
 * (the dev server, future protocols) and the meta tag covers file://, which webRequest never sees.
 * In dev only, Vite's React preamble is an inline script and its CSS arrives as <style> elements.
 */
function contentSecurityPolicy(dev: boolean): string {
  const inlineInDev = dev ? " 'unsafe-inline'" : '';
  return [
    "default-src 'none'",
    `script-src 'self'${inlineInDev}`,
    `style-src 'self'${inlineInDev}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

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
 * Registers a channel of the contract. Every call is checked at this door: the sender must be the
 * app's own page (not a navigated-to or embedded one) and the payload must match `requestSchema`.
 * A throwing handler is a bug; it is logged and answered with `internal_error`.
 */
function handle<C extends IpcChannel>(channel: C, requestSchema: z.ZodType<IpcRequest<C>>, handler: IpcHandler<C>): void {
  ipcMain.handle(channel, async (event, raw: unknown): Promise<IpcReply<C>> => {
    const senderUrl = event.senderFrame?.url;
    if (!isAppPage(senderUrl)) {
      return failure('forbidden', `${channel} is answered only to the app's own page, not ${senderUrl ?? 'a destroyed frame'}`);
    }
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) return failure('invalid_request', `${channel}: ${z.prettifyError(parsed.error)}`);
    try {
      return await handler(parsed.data);
    } catch (error) {
      console.error(`[ipc] ${channel} failed`, error);
      return failure('internal_error', `${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

function registerIpcHandlers(): void {
  handle('app:info', z.undefined(), async () => {
    // Loaded on first use: the analyzers pull in sharp's native binding, which must not be able
    // to stop the window from opening.
    const { installedAnalyzers } = await import('./engine/rating/analyzers.js');
    const { modelSourceStatus } = await import('./engine/models/model-store.js');
    return { ok: true, value: { version: app.getVersion(), analyzers: installedAnalyzers(modelSourceStatus()), home: defaultHome() } };
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
  const policy = contentSecurityPolicy(devServerUrl !== undefined);
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
  registerIpcHandlers();
  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
