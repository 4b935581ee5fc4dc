import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AiPackError, fail, onDisk } from './ai-pack-errors.js';
import type { VerifiedBy } from './ai-pack-layout.js';
import { gitBlobSha1OfFile, hashFileInto } from './file-digest.js';
import { bodyChunks, headerValue, httpGet, TransportError, type Hop } from './http-get.js';

/**
 * Downloads one file into `<partFile>`, resuming what an earlier attempt left there (HTTP Range; a
 * server that ignores Range, or whose file changed, restarts cleanly from byte 0), retrying lost
 * connections, and verifying the result: against the manifest's sha256, else Hugging Face's
 * X-Linked-Etag (the LFS sha256), else the ETag Hugging Face sends for plain git files (their git
 * blob SHA-1). With none of these it fails rather than trust the bytes. A mismatch deletes the part.
 */

export type FileDownloadRequest = {
  url: URL;
  partFile: string;
  expected: { bytes: number | null; sha256: string | null };
  /** For messages and error values. */
  component: string;
  file: string;
  signal?: AbortSignal;
  timeoutMs: number;
  maxRedirects: number;
  retries: number;
  retryDelayMs: number;
  /** Bytes of this file on disk so far, and its full size when known. */
  onProgress: (done: number, total: number | null) => void;
};

export type DownloadedFile = { bytes: number; sha256: string; verifiedBy: VerifiedBy };

/** Codes meaning the host cannot be reached at all (as opposed to a connection lost mid-way). */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ETIMEDOUT', 'ECONNABORTED']);

/** A failure worth another attempt (resuming from what is on disk); `status` for server errors. */
class Retryable extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

type PartMeta = { url: string; sha256: string | null; identity: string | null };

export function offlineMessage(host: string, detail: string): string {
  return (
    `cannot reach ${host} (${detail}); import the pack from a folder instead: copy it from a machine that has it ` +
    '(one folder per component id, e.g. clip-vit-b16-image/vision_model.onnx, or a .tar of them) and import that'
  );
}

export async function downloadFile(request: FileDownloadRequest): Promise<DownloadedFile> {
  await onDisk(`creating ${path.dirname(request.partFile)}`, () => mkdir(path.dirname(request.partFile), { recursive: true }));
  await dropStalePart(request);
  let failures = 0;
  let reachedServer = false;
  for (;;) {
    try {
      return await attempt(request, () => (reachedServer = true));
    } catch (error) {
      if (request.signal?.aborted) fail('aborted', `download of ${request.component}/${request.file} aborted; run it again to resume`, where(request));
      if (error instanceof AiPackError) throw error;
      if (!(error instanceof TransportError) && !(error instanceof Retryable)) throw error;
      const host = request.url.host;
      if (error instanceof TransportError && !reachedServer && UNREACHABLE.has(error.code)) {
        fail('offline', offlineMessage(host, describe(error)), where(request));
      }
      if (++failures > request.retries) {
        if (error instanceof Retryable && error.status !== undefined) {
          fail('http_error', `${host} kept answering HTTP ${error.status} for ${request.url.href}`, { ...where(request), status: error.status });
        }
        fail('offline', `lost the connection to ${host} ${failures} times while downloading ${request.file} (${error.message}); run again to resume, or import the pack from a folder instead`, where(request));
      }
      try {
        await sleep(request.retryDelayMs * failures, undefined, { signal: request.signal });
      } catch {
        fail('aborted', `download of ${request.component}/${request.file} aborted; run it again to resume`, where(request));
      }
    }
  }
}

async function attempt(request: FileDownloadRequest, reached: () => void): Promise<DownloadedFile> {
  const { partFile, expected } = request;
  const offset = await partSize(partFile);
  const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': 'culler-ai-pack/1' };
  const meta = offset > 0 ? await readMeta(partFile) : null;
  // No If-Range: Hugging Face's CDN has its own ETags, which would turn every resume into a restart.
  // The file's identity (its X-Linked-Etag or git ETag) is compared below instead.
  if (offset > 0) headers.range = `bytes=${offset}-`;
  const { response, hops } = await httpGet(request.url, { headers, signal: request.signal, timeoutMs: request.timeoutMs, maxRedirects: request.maxRedirects });
  reached();
  const status = response.statusCode ?? 0;
  const identity = linkedSha256(hops) ?? gitBlobEtag(hops);
  let writeFrom = 0;
  let total: number | null = numberHeader(hops, 'x-linked-size');
  if (status === 206 && offset > 0) {
    const range = parseContentRange(headerValue(response.headers, 'content-range'));
    if (!range || range.start !== offset || (meta?.identity && identity && meta.identity !== identity)) {
      response.destroy();
      await discardPart(partFile);
      throw new Retryable('the server resumed at the wrong place or its file changed; starting over');
    }
    writeFrom = offset;
    total ??= range.total;
  } else if (status === 416 && offset > 0) {
    response.resume();
    const range = parseContentRange(headerValue(response.headers, 'content-range'));
    if (range?.total !== offset) {
      await discardPart(partFile);
      throw new Retryable('the partial download does not fit the server file; starting over');
    }
    return verify(request, offset, await hashExisting(partFile, offset), hops);
  } else if (status === 200) {
    const length = numberHeader([{ headers: response.headers }], 'content-length');
    total ??= length;
  } else {
    response.resume();
    if (status >= 500) throw new Retryable(`HTTP ${status}`, status);
    if (status === 404 || status === 410) {
      fail(
        'pin_gone',
        `${request.component}/${request.file} is gone from ${request.url.href} (HTTP ${status}): the pinned revision is no longer served there. ` +
          'Install from a copy instead (culler models import <folder|file.tar>), or update the pin in models/ai-pack.json to a revision that is served, with its size and sha256',
        { ...where(request), status },
      );
    }
    fail('http_error', `${request.url.host} answered HTTP ${status} for ${request.url.href}`, { ...where(request), status });
  }
  if (expected.bytes !== null && total !== null && total !== expected.bytes) {
    response.destroy();
    fail('integrity_mismatch', `${request.file}: the server offers ${total} bytes, the manifest says ${expected.bytes}`, where(request));
  }
  const size = expected.bytes ?? total;
  await onDisk(`writing ${partFile}.json`, () => writeFile(`${partFile}.json`, JSON.stringify({ url: request.url.href, sha256: expected.sha256, identity } satisfies PartMeta)));
  const hash = writeFrom > 0 ? await hashExisting(partFile, writeFrom) : createHash('sha256');
  const handle = await onDisk(`opening ${partFile}`, () => open(partFile, writeFrom > 0 ? 'a' : 'w'));
  let done = writeFrom;
  request.onProgress(done, size);
  try {
    for await (const chunk of bodyChunks(response, request.timeoutMs, request.url.host)) {
      hash.update(chunk);
      await onDisk(`writing ${partFile}`, () => handle.write(chunk));
      done += chunk.length;
      if (size !== null && done > size) fail('integrity_mismatch', `${request.file}: the server sent more than the ${size} bytes expected`, where(request));
      request.onProgress(done, size);
    }
    await onDisk(`syncing ${partFile}`, () => handle.sync());
  } catch (error) {
    if (error instanceof AiPackError && error.info.code === 'integrity_mismatch') await discardPart(partFile);
    throw error;
  } finally {
    await handle.close();
  }
  if (size !== null && done < size) throw new Retryable(`the connection closed after ${done} of ${size} bytes`);
  return verify(request, done, hash, hops);
}

async function verify(request: FileDownloadRequest, bytes: number, hash: ReturnType<typeof createHash>, hops: Hop[]): Promise<DownloadedFile> {
  const sha256 = hash.digest('hex');
  const mismatch = (expected: string, from: string) => {
    fail('integrity_mismatch', `${request.component}/${request.file}: sha256 ${sha256}, but ${from} says ${expected}; the download was deleted`, where(request));
  };
  const linked = linkedSha256(hops);
  const gitEtag = gitBlobEtag(hops);
  let verifiedBy: VerifiedBy;
  try {
    if (request.expected.sha256 !== null) {
      if (sha256 !== request.expected.sha256) mismatch(request.expected.sha256, 'the manifest');
      verifiedBy = 'manifest_sha256';
    } else if (linked) {
      if (sha256 !== linked) mismatch(linked, `${hops[0]!.url.host}'s X-Linked-Etag`);
      verifiedBy = 'x_linked_etag';
    } else if (gitEtag) {
      const blob = await gitBlobSha1OfFile(request.partFile);
      if (blob !== gitEtag) fail('integrity_mismatch', `${request.component}/${request.file}: git blob SHA-1 ${blob}, but the server's ETag says ${gitEtag}; the download was deleted`, where(request));
      verifiedBy = 'git_blob_etag';
    } else {
      fail('integrity_unverifiable', `${request.component}/${request.file}: neither the manifest nor ${request.url.host} names a hash for these bytes, so they are not installed`, where(request));
    }
  } catch (error) {
    await discardPart(request.partFile);
    throw error;
  }
  return { bytes, sha256, verifiedBy };
}

/** A leftover part from another URL or another expected hash (the manifest changed) cannot be resumed. */
async function dropStalePart(request: FileDownloadRequest): Promise<void> {
  if ((await partSize(request.partFile)) === 0) return;
  const meta = await readMeta(request.partFile);
  if (!meta || meta.url !== request.url.href || meta.sha256 !== request.expected.sha256) await discardPart(request.partFile);
}

async function partSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

async function readMeta(partFile: string): Promise<PartMeta | null> {
  try {
    return JSON.parse(await readFile(`${partFile}.json`, 'utf8')) as PartMeta;
  } catch {
    return null;
  }
}

export async function discardPart(partFile: string): Promise<void> {
  await rm(partFile, { force: true });
  await rm(`${partFile}.json`, { force: true });
  // The component's .partial folder goes too once it holds nothing to resume.
  await rmdir(path.dirname(partFile)).catch(() => undefined);
}

async function hashExisting(file: string, bytes: number): Promise<ReturnType<typeof createHash>> {
  const hash = createHash('sha256');
  if (bytes > 0) await onDisk(`reading ${file}`, () => hashFileInto(hash, file, { start: 0, end: bytes - 1 }));
  return hash;
}

function unquote(value: string | undefined): string | undefined {
  return value?.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
}

/** The LFS sha256 Hugging Face names on its redirect (any hop). */
function linkedSha256(hops: Hop[]): string | null {
  for (const hop of hops) {
    const value = unquote(headerValue(hop.headers, 'x-linked-etag'));
    if (value && /^[0-9a-f]{64}$/.test(value)) return value;
  }
  return null;
}

/** A 40-hex ETag on a file the first host served itself (no redirect): Hugging Face's git blob SHA-1. */
function gitBlobEtag(hops: Hop[]): string | null {
  if (hops.length !== 1) return null;
  const value = unquote(headerValue(hops[0]!.headers, 'etag'));
  return value && /^[0-9a-f]{40}$/.test(value) ? value : null;
}

function numberHeader(hops: Array<Pick<Hop, 'headers'>>, name: string): number | null {
  for (const hop of hops) {
    const value = headerValue(hop.headers, name);
    if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  return null;
}

function parseContentRange(value: string | undefined): { start: number | null; total: number | null } | null {
  const match = /^bytes (?:(\d+)-\d+|\*)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!match) return null;
  return { start: match[1] === undefined ? null : Number(match[1]), total: match[2] === '*' ? null : Number(match[2]) };
}

function describe(error: TransportError): string {
  switch (error.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'name lookup failed';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ETIMEDOUT':
      return 'timed out';
    default:
      return error.code;
  }
}

function where(request: FileDownloadRequest): { component: string; file: string } {
  return { component: request.component, file: request.file };
}
