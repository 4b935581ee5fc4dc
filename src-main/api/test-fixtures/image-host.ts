import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { corpusFile } from '../../../test-support/corpus.js';

/**
 * A real HTTP server on 127.0.0.1 standing in for the web sites a caller's URLs point at: corpus
 * photos, redirects, a body that never ends, one that never starts, and error answers.
 */
export type ImageHost = { origin: string; port: number; close(): Promise<void> };

export async function startImageHost(): Promise<ImageHost> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://image-host');
    const [, kind, ...rest] = url.pathname.split('/');
    switch (kind) {
      case 'corpus': {
        // /corpus/faces/obama.jpg → a file of the shared corpus.
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        createReadStream(corpusFile(...rest.map(decodeURIComponent))).pipe(response);
        return;
      }
      case 'redirect': {
        response.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
        response.end();
        return;
      }
      case 'chain': {
        // /chain/3 redirects to /chain/2 … /chain/0, which redirects to the photo.
        const left = Number(rest[0]);
        response.writeHead(302, { location: left > 0 ? `/chain/${left - 1}` : '/corpus/faces/obama.jpg' });
        response.end();
        return;
      }
      case 'endless': {
        // No Content-Length and no end: only a limit while streaming stops this.
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        const chunk = Buffer.alloc(64 * 1024, 0xff);
        const pump = (): void => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', pump);
        };
        pump();
        return;
      }
      case 'huge': {
        response.writeHead(200, { 'content-length': String(100 * 1024 * 1024) });
        response.write(Buffer.alloc(1024));
        return;
      }
      case 'silent':
        // Headers never come: only the total time limit ends this.
        return;
      case 'text':
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html><body>not a photo</body></html>');
        return;
      default:
        response.writeHead(404);
        response.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
