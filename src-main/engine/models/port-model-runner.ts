import type { MessagePort } from 'node:worker_threads';
import type { ExecutionProvider } from './execution-providers.js';
import type { RunReply, RunRequest } from './model-worker-protocol.js';
import type { ModelOutputs, ModelRunner } from './ort-session-factory.js';

/** A first run includes converting the model to ONNX and creating its session (as in WorkerModelRunner). */
const RUN_TIMEOUT_MS = 120_000;

type Pending = { resolve: (outputs: ModelOutputs) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

/**
 * Runs models through a channel to the model worker (WorkerModelRunner.connect()), from a thread
 * other than the host's: the analysis workers' side of the one shared model worker.
 */
export class PortModelRunner implements ModelRunner {
  private readonly pending = new Map<number, Pending>();
  private readonly providerByModel = new Map<string, ExecutionProvider>();
  private nextId = 1;

  constructor(private readonly port: MessagePort) {
    port.on('message', (reply: RunReply) => this.onReply(reply));
    port.on('close', () => this.failAll('the model worker closed its channel'));
    // Waiting for replies must not keep a finished thread alive.
    port.unref();
  }

  run(modelId: string, input: Float32Array): Promise<ModelOutputs> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${modelId} did not answer within ${RUN_TIMEOUT_MS / 1000} s`));
      }, RUN_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.port.ref();
      this.port.postMessage({ type: 'run', id, modelId, input } satisfies RunRequest, [input.buffer as ArrayBuffer]);
    });
  }

  providerOf(modelId: string): ExecutionProvider | null {
    return this.providerByModel.get(modelId) ?? null;
  }

  close(): void {
    this.failAll('model runner closed');
    this.port.close();
  }

  private onReply(reply: RunReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (this.pending.size === 0) this.port.unref();
    if (reply.ok) {
      this.providerByModel.set(reply.modelId, reply.provider);
      pending.resolve(reply.outputs);
    } else pending.reject(new Error(reply.message));
  }

  private failAll(message: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(message));
      this.pending.delete(id);
    }
  }
}
