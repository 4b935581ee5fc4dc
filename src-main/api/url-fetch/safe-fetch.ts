import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import { addressRefusal, type PrivateAddressAllowance } from './address-policy.js';

export type UrlFetchOptions = {
  /** See address-policy.ts; false by default: the machine and its network are off limits. */
  allowPrivateAddresses: PrivateAddressAllowance;
  /** For the whole fetch: every lookup, hop and byte of the body. */
  timeoutMs: number;
  maxRedirects: number;
  maxBytes: number;
};

export const URL_FETCH_ERROR_CODES = [
  'url_scheme_not_allowed',
  'url_blocked_address',
  'url_unresolvable',
  'url_fetch_failed',
  'url_timeout',
  'url_too_many_redirects',
  'file_too_large',
] as const;
export type UrlFetchErrorCode = (typeof URL_FETCH_ERROR_CODES)[number];

export type UrlFetchResult =
  | { ok: true; bytes: Buffer; finalUrl: string }
  | { ok: false; error: { code: UrlFetchErrorCode; message: string } };

class FetchRefused extends Error {
  constructor(
    readonly code: UrlFetchErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Downloads an image from a caller's URL without letting the caller point the server at the user's
 * own machine or network: each hop's host is resolved, every address it resolves to is checked, and
 * the connection goes to the checked address (a pinned `lookup`), so a DNS answer that changes
 * between the check and the connect (rebinding) is never used. Redirects are followed by hand and
 * each is checked again; size and total time are enforced while streaming.
 */
export async function fetchImageBytes(url: string, options: UrlFetchOptions, signal?: AbortSignal): Promise<UrlFetchResult> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const abort = signal ? AbortSignal.any([deadline, signal]) : deadline;
  try {
    let current = parseHttpUrl(url);
    for (let redirects = 0; ; redirects++) {
      const address = await resolveAllowed(current.hostname, options.allowPrivateAddresses, abort);
      const response = await get(current, address, abort);
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.resume();
        const location = response.headers.location;
        if (!location) throw new FetchRefused('url_fetch_failed', `${current.href} answered ${status} without a Location`);
        if (redirects >= options.maxRedirects) throw new FetchRefused('url_too_many_redirects', `more than ${options.maxRedirects} redirects from ${url}`);
        current = parseHttpUrl(new URL(location, current).href);
        continue;
      }
      if (status < 200 || status > 299) {
        response.resume();
        throw new FetchRefused('url_fetch_failed', `${current.href} answered HTTP ${status}`);
      }
      const bytes = await readCapped(response, options.maxBytes, current.href);
      return { ok: true, bytes, finalUrl: current.href };
    }
  } catch (error) {
    if (error instanceof FetchRefused) return { ok: false, error: { code: error.code, message: error.message } };
    if (deadline.aborted) return { ok: false, error: { code: 'url_timeout', message: `fetching ${url} took longer than ${options.timeoutMs} ms` } };
    return { ok: false, error: { code: 'url_fetch_failed', message: `fetching ${url} failed: ${(error as Error).message}` } };
  }
}

function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FetchRefused('url_scheme_not_allowed', `not an absolute URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchRefused('url_scheme_not_allowed', `only http and https URLs are fetched, not ${url.protocol}`);
  }
  return url;
}

type CheckedAddress = { address: string; family: 4 | 6 };

async function resolveAllowed(hostname: string, allowance: PrivateAddressAllowance, signal: AbortSignal): Promise<CheckedAddress> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const family = net.isIP(host);
  let addresses: CheckedAddress[];
  if (family !== 0) {
    addresses = [{ address: host, family: family as 4 | 6 }];
  } else {
    try {
      const answers = await abortable(dnsLookup(host, { all: true, verbatim: true }), signal);
      addresses = answers.map((answer) => ({ address: answer.address, family: answer.family as 4 | 6 }));
    } catch (error) {
      if (signal.aborted) throw error;
      throw new FetchRefused('url_unresolvable', `cannot resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  // Any refused answer refuses the name: a host that also points inside the network is not trusted.
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, allowance);
    if (refusal) throw new FetchRefused('url_blocked_address', family === 0 ? `${host} resolves to ${refusal}` : refusal);
  }
  if (addresses.length === 0) throw new FetchRefused('url_unresolvable', `${host} has no address`);
  return addresses[0]!;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}

/** A `lookup` that answers only the address already checked, whatever DNS would say now. */
export function pinnedLookup({ address, family }: CheckedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (error: null, all: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function get(url: URL, address: CheckedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: 'GET',
      // The hostname stays the URL's (Host header, TLS SNI and certificate check); only the
      // address it connects to is pinned.
      lookup: pinnedLookup(address),
      agent: false,
      signal,
      headers: { accept: 'image/*', 'user-agent': 'culler-local-api' },
    });
    request.once('response', resolve);
    request.once('error', reject);
    request.end();
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number, where: string): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new FetchRefused('file_too_large', `${where} is ${declared} bytes; the limit is ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) {
      response.destroy();
      throw new FetchRefused('file_too_large', `${where} sent more than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  if (!response.complete) throw new FetchRefused('url_fetch_failed', `${where} closed the connection before the whole body arrived`);
  return Buffer.concat(chunks);
}
