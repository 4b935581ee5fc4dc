import { Worker } from 'node:worker_threads';
import type { AppEventListener, IpcChannel, IpcReply } from '../../src-preload/contract/ipc-contract.js';
import type { MediaKind } from '../../src-preload/contract/library-types.js';
import type { UiBackend } from '../ui-backend.js';
import type { FromServiceWorker, ServiceWorkerSetup, ToServiceWorker } from './protocol.js';

type Pending = { resolve: (value: never) => void; fallback: unknown };

/**
 * The desktop main thread's handle on the library service, which runs on a worker thread. It
 * satisfies the same UiBackend the browser bridge serves, so Electron's IPC door is a thin
 * forwarder. If the worker dies, pending calls answer `internal_error` and the next call starts a
 * new worker (the catalog and the persisted import queue carry the state across).
 */
export class ServiceClient implements UiBackend {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<AppEventListener>();
  private nextId = 1;

  constructor(
    private readonly setup: ServiceWorkerSetup,
    private readonly log: (line: string) => void = () => {},
    /** The compiled worker next to the built main; tests pass the TypeScript bootstrap. */
    private readonly entry: URL = defaultEntry(),
  ) {}

  /** Starts the worker and waits until the service has opened its catalog. */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(this.entry, { workerData: this.setup });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromServiceWorker) => {
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'failed') reject(new Error(message.message));
        else this.onMessage(message);
      });
      worker.on('error', (error) => {
        this.log(`[service] worker error: ${error.message}`);
        reject(error);
      });
      worker.on('exit', (code) => {
        if (this.worker !== worker) return;
        this.worker = null;
        this.ready = null;
        reject(new Error(`the library service exited with code ${code}`));
        this.failAll(`the library service stopped (exit code ${code}); it restarts on the next call`);
      });
    });
    return this.ready;
  }

  async handle(channel: string, raw: unknown): Promise<IpcReply<IpcChannel>> {
    const failure = (message: string): IpcReply<IpcChannel> => ({ ok: false, error: { code: 'internal_error', message } });
    try {
      await this.start();
    } catch (error) {
      return failure(`the library service could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
    return this.send<IpcReply<IpcChannel>>((id) => ({ kind: 'call', id, channel, request: raw }), failure('the library service stopped'));
  }

  async mediaFile(kind: MediaKind, imageHash: string): Promise<string | null> {
    try {
      await this.start();
    } catch {
      return null;
    }
    return this.send<string | null>((id) => ({ kind: 'media', id, mediaKind: kind, imageHash }), null);
  }

  onEvent(listener: AppEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lets the service finish in-flight files and close the catalog, then ends the thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const closed = new Promise<void>((resolve) => {
      worker.on('message', (message: FromServiceWorker) => message.kind === 'closed' && resolve());
      worker.once('exit', () => resolve());
      setTimeout(resolve, 10_000).unref();
    });
    worker.postMessage({ kind: 'close' } satisfies ToServiceWorker);
    await closed;
    this.worker = null;
    this.ready = null;
    await worker.terminate();
    this.failAll('the library service was closed');
  }

  private send<T>(message: (id: number) => ToServiceWorker, fallback: T): Promise<T> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(fallback);
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, fallback });
      worker.postMessage(message(id));
    });
  }

  private onMessage(message: FromServiceWorker): void {
    switch (message.kind) {
      case 'reply':
        this.settle(message.id, message.reply);
        break;
      case 'media':
        this.settle(message.id, message.file);
        break;
      case 'event':
        for (const listener of this.listeners) listener(message.event);
        break;
      case 'log':
        this.log(message.line);
        break;
      default:
        break;
    }
  }

  private settle(id: number, value: unknown): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    pending.resolve(value as never);
  }

  private failAll(message: string): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      const fallback = pending.fallback;
      const isReply = typeof fallback === 'object' && fallback !== null && 'ok' in fallback;
      pending.resolve((isReply ? { ok: false, error: { code: 'internal_error', message } } : fallback) as never);
    }
  }
}

function defaultEntry(): URL {
  const source = import.meta.url.endsWith('.ts');
  return new URL(source ? './service-worker-bootstrap.mjs' : './service-worker.js', import.meta.url);
}
