import type { ExecutionProvider, ProviderAvailability } from './execution-providers.js';
import type { ModelOutputs } from './ort-session-factory.js';

/** What the model worker is started with. */
export type WorkerSetup = { modelCacheDir: string; executionProviders: string | null };

export type WorkerRequest = { type: 'run'; id: number; modelId: string; input: Float32Array } | { type: 'close' };

export type WorkerReply =
  | { type: 'providers'; providers: ProviderAvailability[] }
  | { type: 'log'; message: string }
  | { type: 'result'; id: number; ok: true; modelId: string; outputs: ModelOutputs; provider: ExecutionProvider }
  | { type: 'result'; id: number; ok: false; message: string }
  | { type: 'closed' };
