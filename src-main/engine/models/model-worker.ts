/**
 * The model worker: hosts every ONNX session on its own thread, because onnxruntime-node's
 * `session.run` executes synchronously on the calling thread (inside a setImmediate) and would
 * stall the host's event loop for the whole inference. Messages in, messages out; see
 * worker-model-runner.ts for the other side.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ExecutionProvider } from './execution-providers.js';
import { ModelStore } from './model-store.js';
import { OrtSessionFactory } from './ort-session-factory.js';
import type { RunReply, RunRequest, WorkerReply, WorkerRequest, WorkerSetup } from './model-worker-protocol.js';
import { lowerThisThreadPriority } from '../thread-priority.js';

const setup = workerData as WorkerSetup;
// Before any session exists, so ONNX Runtime's own threads (when it starts any) inherit it.
lowerThisThreadPriority(setup.niceness ?? 0);
const port = parentPort!;
const factory = new OrtSessionFactory(new ModelStore(setup.modelCacheDir), (message) => port.postMessage({ type: 'log', message } satisfies WorkerReply), {
  ...process.env,
  ...(setup.executionProviders ? { CULLER_EXECUTION_PROVIDERS: setup.executionProviders } : {}),
});
port.postMessage({ type: 'providers', providers: factory.providers } satisfies WorkerReply);

/** Runs one request and answers on the channel it came from. */
async function run(request: RunRequest, reply: MessagePort | typeof port): Promise<void> {
  try {
    const outputs = await factory.run(request.modelId, request.input);
    const transfer = Object.values(outputs).map((output) => output.data.buffer as ArrayBuffer);
    const provider = factory.providerOf(request.modelId)!;
    reply.postMessage({ type: 'result', id: request.id, ok: true, modelId: request.modelId, outputs, provider } satisfies RunReply, transfer);
    announceFirstUse(request.modelId, provider);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    reply.postMessage({ type: 'result', id: request.id, ok: false, message } satisfies RunReply);
  }
}

/**
 * A model's first run, through either channel, tells the host where it ran (a run through a port
 * never passes the host) and the providers again: a GPU provider that could not create its
 * session is now marked unavailable, with the reason.
 */
const used = new Set<string>();
function announceFirstUse(modelId: string, provider: ExecutionProvider): void {
  if (used.has(modelId)) return;
  used.add(modelId);
  port.postMessage({ type: 'used', modelId, provider } satisfies WorkerReply);
  port.postMessage({ type: 'providers', providers: factory.providers } satisfies WorkerReply);
}

port.on('message', async (request: WorkerRequest) => {
  switch (request.type) {
    case 'run':
      return run(request, port);
    case 'port': {
      const channel = request.port;
      channel.on('message', (message: RunRequest) => void run(message, channel));
      return;
    }
    case 'close':
      await factory.close();
      port.postMessage({ type: 'closed' } satisfies WorkerReply);
      return;
  }
});
