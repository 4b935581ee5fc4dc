import { InferenceSession } from 'onnxruntime-node';
import type { ExecutionProvider, ProviderAvailability } from './execution-providers.js';
import { ModelUnavailableError } from './model-store.js';

export type SessionLog = (message: string) => void;

export type ProviderSession = {
  session: InferenceSession;
  /** The provider the session was created with (CPU after failed GPU attempts). */
  provider: ExecutionProvider;
  /** Why a preferred provider was not used, when one was not. */
  fallbackReason: string | null;
  /** The providers that were available but could not create this session, with ONNX Runtime's reason. */
  failed: Array<{ provider: ExecutionProvider; reason: string }>;
};

/** ONNX Runtime's message without its source location ("/onnxruntime_src/…cc:136 … was false. "). */
function ortReason(error: unknown): string {
  const message = (error as Error).message.split('\n')[0]!;
  return message.replace(/^\/onnxruntime_src\/\S+ .*? was false\. /, '');
}

/**
 * Threads per inference. The engine keeps several photos in flight, so the models' parallelism
 * comes from photos, not from splitting one small inference (BlazeFace is 128–192 px) across
 * cores, which costs more in hand-offs than it saves. CULLER_ORT_THREADS overrides (0 = one per core).
 */
function intraOpThreads(): number {
  const value = Number(process.env.CULLER_ORT_THREADS ?? Number.NaN);
  return Number.isInteger(value) && value >= 0 ? value : 1;
}

/**
 * The one provider policy: try each available provider of the preference list in order (CPU is
 * always last), log the choice and every provider skipped or failed, and throw
 * ModelUnavailableError only when none, CPU included, can load the model.
 */
export async function createSessionOnPreferredProvider(
  source: Uint8Array | string,
  options: { label: string; providers: ProviderAvailability[]; log: SessionLog; note?: string },
): Promise<ProviderSession> {
  const { label, providers, log } = options;
  const candidates = providers.filter((entry) => entry.available).map((entry) => entry.provider);
  const skipped = providers.filter((entry) => !entry.available).map((entry) => `${entry.provider}: ${entry.reason}`);
  const failed: ProviderSession['failed'] = [];
  let lastError: unknown = null;
  for (const provider of candidates) {
    try {
      const session = await InferenceSession.create(source as Uint8Array, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: intraOpThreads(),
        // An idle ORT thread spins for work by default: CPU the photo decodes running beside the
        // models need. Without spinning a run starts a few µs later.
        extra: { session: { intra_op: { allow_spinning: process.env.CULLER_ORT_SPIN === '1' ? '1' : '0' } } },
      });
      const fallbackReason = [...skipped, ...failed.map((entry) => `${entry.provider}: ${entry.reason}`)].join('; ') || null;
      log(`model ${label}: ${provider} execution provider${options.note ? ` (${options.note})` : ''}${fallbackReason ? `; not used: ${fallbackReason}` : ''}`);
      return { session, provider, fallbackReason, failed };
    } catch (error) {
      lastError = error;
      failed.push({ provider, reason: ortReason(error) });
      log(`model ${label}: creating a session on ${provider} failed (${(error as Error).message}); trying the next provider`);
    }
  }
  throw new ModelUnavailableError(label, `no execution provider could load ${label}: ${(lastError as Error | null)?.message}`, { cause: lastError });
}
