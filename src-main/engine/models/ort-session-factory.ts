import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { providerAvailability, type ExecutionProvider, type ProviderAvailability } from './execution-providers.js';
import { SharedPromises } from '../shared-promises.js';
import type { ModelStore, PreparedModel } from './model-store.js';
import { createSessionOnPreferredProvider, type SessionLog } from './session-on-provider.js';

export type LoadedModel = {
  model: PreparedModel;
  session: InferenceSession;
  /** The provider the session was created with (CPU after a failed GPU attempt). */
  provider: ExecutionProvider;
  /** Why a preferred provider was not used, when one was not. */
  fallbackReason: string | null;
};

export type { SessionLog };

/**
 * One factory for every model: sessions are created lazily, on the first provider of the
 * preference list that this machine offers, falling back to CPU when creating the session on a
 * GPU provider fails; then reused. The choice is logged and reported (see `describe`).
 */
export class OrtSessionFactory implements ModelRunner {
  private readonly sessions = new SharedPromises<string, LoadedModel>();
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
    return this.sessions.get(modelId, () => this.create(modelId));
  }

  private async create(modelId: string): Promise<LoadedModel> {
    const model = await this.store.prepare(modelId);
    const created = await createSessionOnPreferredProvider(model.onnx, {
      label: modelId,
      providers: this.providers,
      log: this.log,
      ...(model.converted ? { note: 'converted to ONNX on first use' } : {}),
    });
    this.providerByModel.set(modelId, created.provider);
    // A provider that could not create a session (no GPU adapter, a driver too old) is not tried
    // again for the other models, and says why where the providers are listed (the CLI's line).
    for (const { provider, reason } of created.failed) {
      const index = this.providers.findIndex((entry) => entry.provider === provider);
      if (index >= 0) this.providers[index] = { provider, available: false, reason: `could not create a session: ${reason}` };
    }
    return { model, session: created.session, provider: created.provider, fallbackReason: created.fallbackReason };
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
    const loaded = await Promise.allSettled(this.sessions.takeAll());
    for (const entry of loaded) if (entry.status === 'fulfilled') await entry.value.session.release();
  }
}

/** What analyzers see of a model: NHWC float input in, named float outputs back. No ORT types. */
export type ModelOutputs = Record<string, { data: Float32Array; dims: readonly number[] }>;

export type ModelRunner = {
  run(modelId: string, input: Float32Array): Promise<ModelOutputs>;
  providerOf(modelId: string): ExecutionProvider | null;
};
