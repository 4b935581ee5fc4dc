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
};

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
  const failures: string[] = [];
  let lastError: unknown = null;
  for (const provider of candidates) {
    try {
      const session = await InferenceSession.create(source as Uint8Array, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
        // 0 = one thread per core: more threads than cores only thrash.
        intraOpNumThreads: 0,
      });
      const fallbackReason = [...skipped, ...failures].join('; ') || null;
      log(`model ${label}: ${provider} execution provider${options.note ? ` (${options.note})` : ''}${fallbackReason ? `; not used: ${fallbackReason}` : ''}`);
      return { session, provider, fallbackReason };
    } catch (error) {
      lastError = error;
      failures.push(`${provider}: ${(error as Error).message}`);
      log(`model ${label}: creating a session on ${provider} failed (${(error as Error).message}); trying the next provider`);
    }
  }
  throw new ModelUnavailableError(label, `no execution provider could load ${label}: ${(lastError as Error | null)?.message}`, { cause: lastError });
}
