import { parentPort, workerData } from 'node:worker_threads';
import { startApiServer } from '../api/rating-api.js';
import { toErrorInfo } from '../engine/errors.js';
import { CullerService } from '../service/culler-service.js';
import { ApiServerSwitch } from './api-server-switch.js';
import type { FromServiceWorker, ServiceWorkerSetup, ToServiceWorker } from './protocol.js';

/**
 * The desktop app's library service on its own thread: engine, catalog, folder watcher, import
 * queue and — when switched on in settings — the local rating API server. Electron's main thread
 * talks to it only through messages (see protocol.ts).
 */
const port = parentPort;
if (!port) throw new Error('service-worker.ts runs as a worker thread');
const setup = workerData as ServiceWorkerSetup;
const post = (message: FromServiceWorker) => port.postMessage(message);
const log = (line: string) => post({ kind: 'log', line });

let service: CullerService | null = null;
const apiSwitch = new ApiServerSwitch(async (settings) => {
  if (!service) throw new Error('the library is still opening');
  return startApiServer({ engine: service.engine, host: settings.host, port: settings.port });
});

try {
  service = await CullerService.open({
    home: setup.home,
    door: 'desktop',
    version: setup.version,
    engine: { models: setup.models, log },
    apiServer: apiSwitch,
    log,
  });
  // Settings are applied by the service on change; at start, the switch is set from what was saved.
  const saved = await service.handle('settings:get', undefined);
  if (saved.ok && 'apiServer' in saved.value && saved.value.apiServer.enabled) await apiSwitch.apply(saved.value.apiServer);
  service.onEvent((event) => post({ kind: 'event', event }));
  post({ kind: 'ready' });
} catch (error) {
  // A home or catalog that cannot be used is one typed sentence (catalog_read_only: …), not a stack.
  const info = toErrorInfo(error);
  post({ kind: 'failed', message: `${info.code}: ${info.message}` });
}

port.on('message', (message: ToServiceWorker) => {
  const current = service;
  if (!current) return;
  switch (message.kind) {
    case 'call':
      void current.handle(message.channel, message.request).then((reply) => post({ kind: 'reply', id: message.id, reply }));
      break;
    case 'media':
      void current.mediaFile(message.mediaKind, message.imageHash).then(
        (file) => post({ kind: 'media', id: message.id, file }),
        () => post({ kind: 'media', id: message.id, file: null }),
      );
      break;
    case 'close':
      void (async () => {
        await apiSwitch.close();
        await current.close();
        service = null;
        post({ kind: 'closed' });
        port.close();
      })();
      break;
  }
});
