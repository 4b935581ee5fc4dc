import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { asResult, fail, onDisk, type AiPackResult } from './ai-pack-errors.js';
import { installComponent, removeLeftovers } from './ai-pack-install.js';
import { newStagingDirectory, partialDirectory, type InstalledFile } from './ai-pack-layout.js';
import { withAiPackLock } from './ai-pack-lock.js';
import { loadAiPackManifest, selectComponents, type AiPackComponent, type AiPackManifestSource } from './ai-pack-manifest.js';
import { componentStatuses } from './ai-pack-status.js';
import { ProgressTracker, type AiPackProgress } from './download-progress.js';
import { downloadFile } from './file-download.js';

/**
 * Downloads the pack's missing or corrupt components (all, or those named) into
 * `<home>/ai-pack/`, one component at a time: every file of a component is downloaded and
 * verified first, then the component is installed atomically (see ai-pack-install.ts). Components
 * already installed are left alone, so running it again after everything is in place sends no
 * request at all. The first failure stops the run; components installed before it stay installed,
 * and a partial file stays on disk for the next run to resume.
 */

export type DownloadAiPackOptions = {
  home: string;
  /** The manifest (object or JSON path); the app's models/ai-pack.json when omitted. */
  manifest?: AiPackManifestSource;
  /** Component ids to download; all when omitted. */
  components?: readonly string[];
  /**
   * Fetch from another host: each file URL keeps its path and gets this origin (and path prefix),
   * e.g. a mirror, or a local server in tests. http and https only.
   */
  baseUrl?: string;
  signal?: AbortSignal;
  onProgress?: (progress: AiPackProgress) => void;
  /** Longest silence tolerated (connect, headers, between chunks). Default 30 s. */
  timeoutMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Further attempts after a lost connection or a 5xx, each resuming where the last stopped. Default 3. */
  retries?: number;
  /** Wait before the n-th retry: n × this. Default 1 s. */
  retryDelayMs?: number;
  /** Least time between two progress calls for one file (its first and last are always sent). Default 100 ms. */
  progressIntervalMs?: number;
  /** How to decide that a component is already installed: sizes (default) or sizes and sha256. */
  verifyInstalled?: 'size' | 'sha256';
};

export type DownloadedComponent = { id: string; files: InstalledFile[] };

export type DownloadAiPackReport = {
  /** Components downloaded and installed by this call. */
  installed: DownloadedComponent[];
  /** Components that were already installed and left alone. */
  alreadyInstalled: string[];
};

export type { AiPackProgress } from './download-progress.js';

export function downloadAiPack(options: DownloadAiPackOptions): Promise<AiPackResult<DownloadAiPackReport>> {
  return asResult(async () => {
    const manifest = await loadAiPackManifest(options.manifest);
    const components = selectComponents(manifest, options.components);
    const baseUrl = options.baseUrl === undefined ? null : parseBaseUrl(options.baseUrl);
    const { home } = options;
    return withAiPackLock(home, async () => {
      await removeLeftovers(home);
      const statuses = await componentStatuses(home, components, options.verifyInstalled === 'sha256');
      const alreadyInstalled = statuses.filter((status) => status.state === 'installed').map((status) => status.id);
      const todo = components.filter((component) => !alreadyInstalled.includes(component.id));
      const tracker = new ProgressTracker(todo, options.onProgress, options.progressIntervalMs ?? 100);
      const installed: DownloadedComponent[] = [];
      for (const component of todo) installed.push(await downloadComponent(home, component, baseUrl, tracker, options));
      return { installed, alreadyInstalled };
    });
  });
}

async function downloadComponent(
  home: string,
  component: AiPackComponent,
  baseUrl: URL | null,
  tracker: ProgressTracker,
  options: DownloadAiPackOptions,
): Promise<DownloadedComponent> {
  const partial = partialDirectory(home, component.id);
  const files: InstalledFile[] = [];
  for (const file of component.files) {
    const url = baseUrl ? onMirror(new URL(file.url), baseUrl) : new URL(file.url);
    const got = await downloadFile({
      url,
      partFile: path.join(partial, `${file.name}.part`),
      expected: { bytes: file.bytes, sha256: file.sha256 },
      component: component.id,
      file: file.name,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRedirects: options.maxRedirects ?? 5,
      retries: options.retries ?? 3,
      retryDelayMs: options.retryDelayMs ?? 1_000,
      onProgress: (done, total) => tracker.update(component.id, file.name, done, total),
    });
    files.push({ name: file.name, bytes: got.bytes, sha256: got.sha256, source: url.href, verifiedBy: got.verifiedBy });
  }
  const staging = await newStagingDirectory(home, component.id);
  await onDisk(`staging ${component.id}`, async () => {
    for (const file of component.files) await rename(path.join(partial, `${file.name}.part`), path.join(staging, file.name));
  });
  await installComponent(home, component, staging, files, 'download');
  await rm(partial, { recursive: true, force: true });
  return { id: component.id, files };
}

function parseBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail('http_error', `baseUrl '${value}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('http_error', `baseUrl '${value}' must be an http or https URL`);
  return url;
}

/** `https://huggingface.co/a/b` on base `http://mirror:8080/hf/` → `http://mirror:8080/hf/a/b`. */
function onMirror(url: URL, base: URL): URL {
  return new URL(`${base.pathname.replace(/\/+$/, '')}${url.pathname}${url.search}`, base.origin);
}
