import http from 'node:http';

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

export type RawRequest = {
  port: number;
  method?: string;
  path: string;
  /** Sent exactly as given (Host included): these checks are about headers a browser would not let a page forge. */
  headers?: Record<string, string>;
  body?: string;
};

/**
 * One HTTP request with exactly the headers given, for the server's defences: a browser fills in
 * Host and Origin itself, so a DNS-rebinding attack or a hostile Origin is easiest to reproduce
 * below the browser. Always connects to 127.0.0.1, whatever the Host header says.
 */
export function rawRequest(options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: options.port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {}, setHost: false, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.setTimeout(30_000, () => request.destroy(new Error(`${options.method ?? 'GET'} ${options.path}: no answer in 30 s`)));
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

/** A throwaway local page server on another port of 127.0.0.1: a different origin, but the same site. */
export async function startHostilePageServer(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the hostile page server did not bind a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
