import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { ExecutionProvider, ProviderAvailability } from './execution-providers.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './model-worker-protocol.js';
import type { ModelOutputs, ModelRunner } from './ort-session-factory.js';
import { sizeWorkerHeaps } from '../worker-heap.js';

type Pending = { resolve: (outputs: ModelOutputs) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

/** A first run includes converting the model to ONNX and creating its session. */
const RUN_TIMEOUT_MS = 120_000;

/**
 * Runs models on the model worker thread, so the host's event loop stays free while ONNX Runtime
 * computes. Runs are queued on the worker; a run that never answers fails after a time limit and
 * the worker is replaced.
 */
export class WorkerModelRunner implements ModelRunner {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly providerByModel = new Map<string, ExecutionProvider>();
  private nextId = 1;
  /** Execution providers as the worker found them; filled once it has started. */
  providers: ProviderAvailability[] = [];

  constructor(
    private readonly setup: WorkerSetup,
    private readonly log: (message: string) => void = () => {},
  ) {}

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // Under tsx or vitest the engine runs from TypeScript: a bootstrap registers the loader first.
    const source = import.meta.url.endsWith('.ts');
    const entry = new URL(source ? './model-worker-bootstrap.mjs' : './model-worker.js', import.meta.url);
    sizeWorkerHeaps();
    const worker = new Worker(entry, { workerData: this.setup });
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (error) => this.failAll(`model worker crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        this.worker = null;
        this.failAll(`model worker exited with code ${code}`);
      }
    });
    this.worker = worker;
    return worker;
  }

  run(modelId: string, input: Float32Array): Promise<ModelOutputs> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${modelId} did not answer within ${RUN_TIMEOUT_MS / 1000} s`));
        this.restart();
      }, RUN_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ type: 'run', id, modelId, input } satisfies WorkerRequest, [input.buffer as ArrayBuffer]);
    });
  }

  /**
   * A channel straight to the model worker for another thread (an analysis worker): hand the port
   * to a PortModelRunner there. Runs through it skip the host's event loop both ways.
   */
  connect(): MessagePort {
    const worker = this.ensureWorker();
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ type: 'port', port: port2 } satisfies WorkerRequest, [port2]);
    return port1;
  }

  providerOf(modelId: string): ExecutionProvider | null {
    return this.providerByModel.get(modelId) ?? null;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const closed = new Promise<void>((resolve) => {
      worker.once('message', (reply: WorkerReply) => reply.type === 'closed' && resolve());
      setTimeout(resolve, 2000).unref();
    });
    // The idle worker is unref'd: hold the loop until its reply (see AnalysisPool.close).
    worker.ref();
    worker.postMessage({ type: 'close' } satisfies WorkerRequest);
    await closed;
    await worker.terminate();
    this.failAll('model runner closed');
  }

  private onReply(reply: WorkerReply): void {
    switch (reply.type) {
      case 'providers':
        this.providers = reply.providers;
        return;
      case 'log':
        this.log(reply.message);
        return;
      case 'result': {
        const pending = this.pending.get(reply.id);
        if (!pending) return;
        this.pending.delete(reply.id);
        clearTimeout(pending.timer);
        if (reply.ok) {
          this.providerByModel.set(reply.modelId, reply.provider);
          pending.resolve(reply.outputs);
        } else pending.reject(new Error(reply.message));
        return;
      }
      case 'used':
        this.providerByModel.set(reply.modelId, reply.provider);
        return;
      case 'closed':
        return;
    }
  }

  private restart(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
  }

  private failAll(message: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(message));
      this.pending.delete(id);
    }
  }
}
