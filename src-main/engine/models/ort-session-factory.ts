import { InferenceSession, Tensor } from 'onnxruntime-node';
import { providerAvailability, type ExecutionProvider, type ProviderAvailability } from './execution-providers.js';
import { ModelUnavailableError, type ModelStore, type PreparedModel } from './model-store.js';

export type LoadedModel = {
  model: PreparedModel;
  session: InferenceSession;
  /** The provider the session was created with (CPU after a failed GPU attempt). */
  provider: ExecutionProvider;
  /** Why a preferred provider was not used, when one was not. */
  fallbackReason: string | null;
};

export type SessionLog = (message: string) => void;

/**
 * One factory for every model: sessions are created lazily, on the first provider of the
 * preference list that this machine offers, falling back to CPU when creating the session on a
 * GPU provider fails; then reused. The choice is logged and reported (see `describe`).
 */
export class OrtSessionFactory implements ModelRunner {
  private readonly sessions = new Map<string, Promise<LoadedModel>>();
  private readonly providerByModel = new Map<string, ExecutionProvider>();
  readonly providers: ProviderAvailability[];

  constructor(
    private readonly store: ModelStore,
    private readonly log: SessionLog = () => {},
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.providers = providerAvailability(env);
  }

  load(modelId: string): Promise<LoadedModel> {
    let loading = this.sessions.get(modelId);
    if (!loading) {
      loading = this.create(modelId);
      this.sessions.set(modelId, loading);
      // A failed load is not cached: the next call tries again (e.g. after the user fixes a file).
      loading.catch(() => this.sessions.delete(modelId));
    }
    return loading;
  }

  private async create(modelId: string): Promise<LoadedModel> {
    const model = await this.store.prepare(modelId);
    const candidates = this.providers.filter((entry) => entry.available).map((entry) => entry.provider);
    const skipped = this.providers.filter((entry) => !entry.available).map((entry) => `${entry.provider}: ${entry.reason}`);
    let lastError: unknown = null;
    for (const provider of candidates) {
      try {
        const session = await InferenceSession.create(model.onnx, {
          executionProviders: [provider],
          graphOptimizationLevel: 'all',
          // Two cores is the common laptop floor; more threads than cores only thrash.
          intraOpNumThreads: 0,
        });
        const fallbackReason = [...skipped, ...(lastError ? [`${candidates[0]}: ${(lastError as Error).message}`] : [])].join('; ') || null;
        this.log(
          `model ${modelId}: ${provider} execution provider${model.converted ? ' (converted to ONNX on first use)' : ''}` +
            `${fallbackReason ? `; not used: ${fallbackReason}` : ''}`,
        );
        this.providerByModel.set(modelId, provider);
        return { model, session, provider, fallbackReason };
      } catch (error) {
        lastError = error;
        this.log(`model ${modelId}: creating a session on ${provider} failed (${(error as Error).message}); trying the next provider`);
      }
    }
    throw new ModelUnavailableError(modelId, `no execution provider could load ${modelId}: ${(lastError as Error | null)?.message}`);
  }

  async run(modelId: string, input: Float32Array): Promise<ModelOutputs> {
    const { session, model } = await this.load(modelId);
    const shape = model.entry.input.shape;
    const feeds = { [session.inputNames[0]!]: new Tensor('float32', input, shape) };
    const results = await session.run(feeds);
    const outputs: ModelOutputs = {};
    for (const name of session.outputNames) {
      const tensor = results[name]!;
      outputs[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
    }
    return outputs;
  }

  /** Where a loaded model runs; `null` before its first use. */
  providerOf(modelId: string): ExecutionProvider | null {
    return this.providerByModel.get(modelId) ?? null;
  }

  async close(): Promise<void> {
    const loaded = await Promise.allSettled(this.sessions.values());
    this.sessions.clear();
    for (const entry of loaded) if (entry.status === 'fulfilled') await entry.value.session.release();
  }
}

/** What analyzers see of a model: NHWC float input in, named float outputs back. No ORT types. */
export type ModelOutputs = Record<string, { data: Float32Array; dims: readonly number[] }>;

export type ModelRunner = {
  run(modelId: string, input: Float32Array): Promise<ModelOutputs>;
  providerOf(modelId: string): ExecutionProvider | null;
};
