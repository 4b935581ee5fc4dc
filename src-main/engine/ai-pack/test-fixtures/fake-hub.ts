import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256, type StandInFile } from './stand-in-pack.js';

/**
 * A local stand-in for huggingface.co over real HTTP on 127.0.0.1, answering the way the Hub does:
 * plain git files straight away with their git blob SHA-1 as ETag; LFS files with a 302 carrying
 * X-Linked-Etag (sha256) and X-Linked-Size, to a "CDN" path that has its own ETag and honours Range.
 * Misbehaviours are switched on per test.
 */

export type HubBehaviour = {
  /** URL paths whose next body is cut half-way (connection dropped), once each. */
  truncateOnce: Set<string>;
  /** Answer every request with the whole file (200), ignoring Range. */
  ignoreRange: boolean;
  /** URL paths served with one byte altered (headers still describe the original). */
  tamper: Set<string>;
  /** Send no X-Linked-Etag and no ETag at all. */
  withholdHashes: boolean;
  /** URL paths whose body stops half-way and then hangs until the client gives up. */
  stallAfterHalf: Set<string>;
  /** Accept connections and never answer. */
  silent: boolean;
  /** Redirect every hub path to itself. */
  redirectLoop: boolean;
  /** URL paths answered 410 Gone (a removed revision). */
  gone: Set<string>;
};

export type LoggedRequest = { path: string; range: string | null; status: number; bodyBytes: number };

export type FakeHub = {
  origin: string;
  behaviour: HubBehaviour;
  requests: LoggedRequest[];
  close(): Promise<void>;
};

function gitBlobSha1(body: Buffer): string {
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

export async function startFakeHub(files: StandInFile[]): Promise<FakeHub> {
  const behaviour: HubBehaviour = {
    truncateOnce: new Set(),
    ignoreRange: false,
    tamper: new Set(),
    withholdHashes: false,
    stallAfterHalf: new Set(),
    silent: false,
    redirectLoop: false,
    gone: new Set(),
  };
  const requests: LoggedRequest[] = [];
  const byPath = new Map(files.map((file) => [file.urlPath, file]));
  const byCdnPath = new Map(files.map((file) => [`/cdn/${sha256(file.body)}`, file]));

  function serveBody(request: IncomingMessage, response: ServerResponse, file: StandInFile, extraHeaders: Record<string, string>): void {
    const path = request.url!;
    let body = file.body;
    if (behaviour.tamper.has(file.urlPath)) {
      body = Buffer.from(body);
      const middle = body.length >> 1;
      body[middle] = body[middle]! ^ 0xff;
    }
    const match = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = match && !behaviour.ignoreRange ? Number(match[1]) : 0;
    const status = match && !behaviour.ignoreRange ? 206 : 200;
    if (start > body.length) {
      response.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      requests.push({ path, range: request.headers.range ?? null, status: 416, bodyBytes: 0 });
      return;
    }
    const slice = body.subarray(start);
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'content-length': String(slice.length), 'accept-ranges': 'bytes', ...extraHeaders };
    if (status === 206) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    response.writeHead(status, headers);
    const logged: LoggedRequest = { path, range: request.headers.range ?? null, status, bodyBytes: slice.length };
    requests.push(logged);
    const half = slice.subarray(0, slice.length >> 1);
    if (behaviour.truncateOnce.delete(file.urlPath)) {
      logged.bodyBytes = half.length;
      // Let the client take in the first half before the connection drops, as on a real network.
      response.socket?.setNoDelay(true);
      response.write(half, () => setTimeout(() => response.destroy(), 100));
    } else if (behaviour.stallAfterHalf.has(file.urlPath)) {
      logged.bodyBytes = half.length;
      response.write(half);
    } else {
      response.end(slice);
    }
  }

  const server = http.createServer((request, response) => {
    const path = request.url!.split('?')[0]!;
    if (behaviour.silent) return;
    if (behaviour.redirectLoop && !path.startsWith('/cdn/')) {
      requests.push({ path, range: request.headers.range ?? null, status: 302, bodyBytes: 0 });
      return void response.writeHead(302, { location: request.url! }).end();
    }
    const cdnFile = byCdnPath.get(path);
    if (cdnFile) return serveBody(request, response, cdnFile, behaviour.withholdHashes ? {} : { etag: `"cdn-${sha256(cdnFile.body).slice(0, 16)}"` });
    const file = byPath.get(path);
    if (behaviour.gone.has(path)) {
      requests.push({ path, range: request.headers.range ?? null, status: 410, bodyBytes: 0 });
      return void response.writeHead(410, { 'content-type': 'text/plain' }).end('Gone');
    }
    if (!file) {
      requests.push({ path, range: request.headers.range ?? null, status: 404, bodyBytes: 0 });
      return void response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
    }
    if (file.lfs) {
      const headers: Record<string, string> = { location: `/cdn/${sha256(file.body)}`, 'x-linked-size': String(file.body.length) };
      if (!behaviour.withholdHashes) headers['x-linked-etag'] = `"${sha256(file.body)}"`;
      requests.push({ path, range: request.headers.range ?? null, status: 302, bodyBytes: 0 });
      return void response.writeHead(302, headers).end();
    }
    serveBody(request, response, file, behaviour.withholdHashes ? {} : { etag: `"${gitBlobSha1(file.body)}"` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    behaviour,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
