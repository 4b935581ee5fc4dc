import type { ExecutionProvider, ProviderAvailability } from './execution-providers.js';
import type { MessagePort } from 'node:worker_threads';
import type { ModelOutputs } from './ort-session-factory.js';

/** What the model worker is started with. */
export type WorkerSetup = {
  modelCacheDir: string;
  executionProviders: string | null;
  /** Added to the worker thread's nice value (see thread-priority.ts); 0 or absent: unchanged. */
  niceness?: number;
};

export type RunRequest = { type: 'run'; id: number; modelId: string; input: Float32Array };

export type RunReply =
  | { type: 'result'; id: number; ok: true; modelId: string; outputs: ModelOutputs; provider: ExecutionProvider }
  | { type: 'result'; id: number; ok: false; message: string };

/**
 * `port`: another thread (an analysis worker) gets its own channel to the models: it sends RunRequests
 * on the port and gets RunReplies back there, without a hop through the host's event loop.
 */
export type WorkerRequest = RunRequest | { type: 'close' } | { type: 'port'; port: MessagePort };

export type WorkerReply =
  | { type: 'providers'; providers: ProviderAvailability[] }
  | { type: 'log'; message: string }
  | RunReply
  /** A model first ran through a port, on this provider (so the host can say what ran where). */
  | { type: 'used'; modelId: string; provider: ExecutionProvider }
  | { type: 'closed' };
