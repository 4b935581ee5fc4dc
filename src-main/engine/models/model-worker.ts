/**
 * The model worker: hosts every ONNX session on its own thread, because onnxruntime-node's
 * `session.run` executes synchronously on the calling thread (inside a setImmediate) and would
 * stall the host's event loop for the whole inference. Messages in, messages out; see
 * worker-model-runner.ts for the other side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ModelStore } from './model-store.js';
import { OrtSessionFactory } from './ort-session-factory.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './model-worker-protocol.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const factory = new OrtSessionFactory(new ModelStore(setup.modelCacheDir), (message) => port.postMessage({ type: 'log', message } satisfies WorkerReply), {
  ...process.env,
  ...(setup.executionProviders ? { CULLER_EXECUTION_PROVIDERS: setup.executionProviders } : {}),
});
port.postMessage({ type: 'providers', providers: factory.providers } satisfies WorkerReply);

port.on('message', async (request: WorkerRequest) => {
  switch (request.type) {
    case 'run': {
      try {
        const outputs = await factory.run(request.modelId, request.input);
        const transfer = Object.values(outputs).map((output) => output.data.buffer as ArrayBuffer);
        const provider = factory.providerOf(request.modelId)!;
        port.postMessage({ type: 'result', id: request.id, ok: true, modelId: request.modelId, outputs, provider } satisfies WorkerReply, transfer);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        port.postMessage({ type: 'result', id: request.id, ok: false, message } satisfies WorkerReply);
      }
      return;
    }
    case 'close':
      await factory.close();
      port.postMessage({ type: 'closed' } satisfies WorkerReply);
      return;
  }
});
