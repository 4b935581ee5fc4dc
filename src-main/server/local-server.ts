import Fastify, { type FastifyInstance } from 'fastify';
import type { UiBackend } from '../ui-backend.js';
import { allowedHosts, LaunchKey } from './launch-key.js';
import { registerUiRoutes } from './ui-routes.js';

export type LocalServerOptions = {
  /** 127.0.0.1 unless the user explicitly chooses another address. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The browser build of the app; omitted when only the rating API is served. */
  ui?: { backend: UiBackend; rendererDir: string; cacheDir: string };
  /** Registers the local rating API (/api/v1) on the same server. */
  api?: (app: FastifyInstance) => Promise<void>;
  log?: (line: string) => void;
  /**
   * How long a client may take to send a whole request (headers and body), as the embedded API
   * server allows; default 120 s. A client that declares 1000 bytes and sends 14 is cut off then.
   */
  requestTimeoutMs?: number;
};

const REQUEST_TIMEOUT_MS = 120_000;

export type LocalServer = {
  /** Base URL, e.g. http://127.0.0.1:8750 */
  url: string;
  /** The URL to open the UI with (carries this launch's key); null without the UI. */
  launchUrl: string | null;
  close(): Promise<void>;
};

export const DEFAULT_HOST = '127.0.0.1';

/**
 * One local HTTP server for `culler serve`: the browser build of the app and/or the rating API.
 * The UI lives in its own encapsulated context so its cookie and host checks never touch /api/v1,
 * which authenticates with bearer tokens instead.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const host = options.host ?? DEFAULT_HOST;
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    return503OnClosing: true,
    // Slow or stalled uploads cannot hold sockets (and the quota they reserved) forever. Node 20
    // honours requestTimeout only when given to http.createServer (fastify sets it afterwards), and
    // checks for overdue requests every connectionsCheckingInterval (30 s by default): a quarter of
    // the limit here, so the cut comes near the limit. Idle keep-alives and the UI's event stream
    // are not requests being received, so they are not cut.
    requestTimeout,
    http: { requestTimeout, connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeout / 4))) },
  });
  const key = new LaunchKey();
  // The port is known only after listen (port 0), and the host check needs it: bind first, then
  // let the checks read it through this holder.
  let hosts = new Set<string>();
  if (options.api) await app.register(options.api);
  const ui = options.ui;
  if (ui) {
    await app.register(async (scope) => {
      await registerUiRoutes(scope, { ...ui, key, get hosts() { return hosts; } });
    });
  }
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server did not bind a TCP port');
  hosts = allowedHosts(host, address.port);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${address.port}`;
  options.log?.(`listening on ${url}`);
  return {
    url,
    launchUrl: ui ? `${url}/?key=${key.value}` : null,
    close: async () => {
      await app.close();
    },
  };
}
