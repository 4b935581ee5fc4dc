import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertRendererBuilt } from './renderer-build.js';
import { CULLER_BIN, REPO_ROOT } from './repo-paths.js';

export type CullerServerOptions = {
  /** The catalog and caches; the same home across two starts is what "restart" means. */
  home: string;
  /** `--no-models`: the embedded level without the face and content models (faster, no face boxes). */
  models?: boolean;
  /** How long to wait for the launch URL (the first start opens the catalog and loads models). */
  startTimeoutMs?: number;
};

export type CullerServer = {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** The printed `/?key=…` address: opening it sets the session cookie. */
  launchUrl: string;
  /** This launch's key, from the launch URL. */
  key: string;
  /** The rating API's base, when served. */
  apiUrl: string | null;
  home: string;
  /** Everything the server wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** SIGTERM, then waits for the process to exit; SIGKILL after `graceMs` and a thrown error. */
  stop(graceMs?: number): Promise<void>;
};

const LAUNCH_LINE = /open the app:\s+(http:\/\/127\.0\.0\.1:\d+\/\?key=[A-Za-z0-9_-]+)/;
const API_LINE = /rating API:\s+(http:\/\/127\.0\.0\.1:\d+\/api\/v1)/;

/**
 * Starts `node bin/culler.mjs serve --home <home> --port 0` as a child process, the way a user
 * does, and resolves once it has printed the address to open. The port is the kernel's choice,
 * so parallel runs and leftovers of a crashed run never collide.
 */
export async function startCullerServer(options: CullerServerOptions): Promise<CullerServer> {
  assertRendererBuilt();
  const args = [CULLER_BIN, 'serve', '--home', options.home, '--port', '0'];
  if (options.models === false) args.push('--no-models');
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));

  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`culler serve printed no launch URL within ${timeoutMs} ms. Output:\n${output}`));
    }, timeoutMs);
    const onData = () => {
      const match = LAUNCH_LINE.exec(output);
      if (match?.[1]) {
        cleanup();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`culler serve exited (${code ?? signal}) before printing a launch URL. Output:\n${output}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });

  const url = new URL(launchUrl);
  return {
    baseUrl: url.origin,
    launchUrl,
    key: url.searchParams.get('key') ?? '',
    apiUrl: API_LINE.exec(output)?.[1] ?? null,
    home: options.home,
    output: () => output,
    stop: (graceMs = 60_000) => stopChild(child, exited, graceMs, () => output),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | string>, graceMs: number, output: () => string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)))]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`culler serve did not exit within ${graceMs} ms of SIGTERM. Output:\n${output()}`);
  }
  if (outcome !== 0) throw new Error(`culler serve exited with ${outcome} after SIGTERM. Output:\n${output()}`);
}

/** A fresh, empty --home under the OS temp folder. */
export function makeTempHome(prefix = 'culler-e2e-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeTempHome(home: string): Promise<void> {
  await rm(home, { recursive: true, force: true, maxRetries: 3 });
}
