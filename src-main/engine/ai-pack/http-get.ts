import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { fail } from './ai-pack-errors.js';

/**
 * A GET over node:http(s) that follows a bounded number of redirects (http and https only) and keeps
 * the headers of every hop: Hugging Face puts the LFS sha256 (X-Linked-Etag) and size
 * (X-Linked-Size) on its redirect, not on the CDN's answer. Transport failures are thrown as
 * `TransportError` for the caller to classify (offline, retry, aborted).
 */

export type Hop = { url: URL; status: number; headers: IncomingHttpHeaders };

export type OpenedResponse = { response: IncomingMessage; url: URL; hops: Hop[] };

export type HttpGetOptions = {
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Longest silence tolerated while connecting, waiting for headers, or between body chunks. */
  timeoutMs: number;
  maxRedirects: number;
};

export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly host: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function requestOnce(url: URL, options: HttpGetOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, { method: 'GET', headers: options.headers, signal: options.signal, timeout: options.timeoutMs });
    request.on('timeout', () => request.destroy(new TransportError(`no answer from ${url.host} within ${options.timeoutMs} ms`, 'ETIMEDOUT', url.host)));
    request.on('error', (error: NodeJS.ErrnoException) => {
      reject(error instanceof TransportError ? error : new TransportError(error.message, error.code ?? error.name, url.host, { cause: error }));
    });
    request.on('response', (response) => {
      // From here on the body reader watches for silence; the socket timer would fire mid-body.
      request.setTimeout(0);
      resolve(response);
    });
    request.end();
  });
}

export async function httpGet(start: URL, options: HttpGetOptions): Promise<OpenedResponse> {
  const hops: Hop[] = [];
  let url = start;
  for (;;) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('http_error', `refusing to fetch ${url.protocol} URL ${url.href}: only http and https are allowed`);
    const response = await requestOnce(url, options);
    const status = response.statusCode ?? 0;
    hops.push({ url, status, headers: response.headers });
    const location = response.headers.location;
    if (!REDIRECTS.has(status) || !location) return { response, url, hops };
    response.resume();
    if (hops.length > options.maxRedirects) fail('http_error', `more than ${options.maxRedirects} redirects fetching ${start.href}`, { status });
    url = new URL(location, url);
  }
}

/**
 * The body's chunks, failing with a TransportError when nothing arrives for `timeoutMs` or the
 * connection closes early (Node reports that as an `aborted` error on the response).
 */
export async function* bodyChunks(response: IncomingMessage, timeoutMs: number, host: string): AsyncGenerator<Buffer> {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => response.destroy(new TransportError(`${host} stopped sending for ${timeoutMs} ms`, 'ETIMEDOUT', host)), timeoutMs);
  };
  arm();
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      arm();
      yield chunk;
    }
  } catch (error) {
    if (error instanceof TransportError) throw error;
    const { code, message, name } = error as NodeJS.ErrnoException;
    throw new TransportError(message, code ?? name, host, { cause: error });
  } finally {
    clearTimeout(timer);
    response.destroy();
  }
}

/** A header's single value (first of a list), or undefined. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
