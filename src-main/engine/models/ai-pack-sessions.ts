import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { providerAvailability, type ExecutionProvider } from './execution-providers.js';
import type { ModelOutputs } from './ort-session-factory.js';
import { createSessionOnPreferredProvider, type SessionLog } from './session-on-provider.js';

/**
 * Sessions for ONNX files that are not in the model manifest: the optional AI pack's encoders,
 * installed as published on Hugging Face. onnxruntime-node may only be imported in this folder (lint
 * wall), so the AI-pack code reaches it through this module and sees no ORT types.
 *
 * Same provider policy as OrtSessionFactory: the preference list intersected with what this machine
 * offers, CPU last, the next provider tried when creating a session fails, the choice logged.
 */

export type FeedTensor =
  | { type: 'float32'; data: Float32Array; dims: readonly number[] }
  | { type: 'int64'; data: BigInt64Array; dims: readonly number[] }
  | { type: 'int32'; data: Int32Array; dims: readonly number[] };

/** An input or output as the model declares it; symbolic dimensions are strings. */
export type SessionValueInfo = { name: string; type: string | null; shape: ReadonlyArray<number | string> };

export type OnnxFileSession = {
  readonly file: string;
  readonly inputs: readonly SessionValueInfo[];
  readonly outputs: readonly SessionValueInfo[];
  /** The provider the session was created with (CPU after a failed GPU attempt). */
  readonly provider: ExecutionProvider;
  /** Why a preferred provider was not used, when one was not. */
  readonly fallbackReason: string | null;
  /** Runs the model and returns the named float32 outputs (all of them when `outputNames` is omitted). */
  run(feeds: Record<string, FeedTensor>, outputNames?: readonly string[]): Promise<ModelOutputs>;
  release(): Promise<void>;
};

function describeValues(metadata: readonly InferenceSession.ValueMetadata[], names: readonly string[]): SessionValueInfo[] {
  return names.map((name) => {
    const entry = metadata.find((candidate) => candidate.name === name);
    return entry && entry.isTensor ? { name, type: entry.type, shape: entry.shape } : { name, type: null, shape: [] };
  });
}

function wrap(file: string, session: InferenceSession, provider: ExecutionProvider, fallbackReason: string | null): OnnxFileSession {
  return {
    file,
    inputs: describeValues(session.inputMetadata, session.inputNames),
    outputs: describeValues(session.outputMetadata, session.outputNames),
    provider,
    fallbackReason,
    async run(feeds, outputNames) {
      const tensors: Record<string, Tensor> = {};
      for (const [name, feed] of Object.entries(feeds)) tensors[name] = new Tensor(feed.type, feed.data, feed.dims);
      const wanted = outputNames ?? session.outputNames;
      const results = await session.run(tensors, [...wanted]);
      const outputs: ModelOutputs = {};
      for (const name of wanted) {
        const tensor = results[name]!;
        if (tensor.type !== 'float32') throw new Error(`${file}: output ${name} is ${tensor.type}; only float32 outputs are supported`);
        outputs[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
      }
      return outputs;
    },
    release: () => session.release(),
  };
}

/**
 * Opens `file` on the first execution provider that can load it. Throws ModelUnavailableError when
 * none can (including CPU): then the file itself is unloadable (truncated, not ONNX, unsupported ops).
 */
export async function openOnnxFileSession(
  file: string,
  options: { label: string; log?: SessionLog; env?: NodeJS.ProcessEnv },
): Promise<OnnxFileSession> {
  const { session, provider, fallbackReason } = await createSessionOnPreferredProvider(file, {
    label: options.label,
    providers: providerAvailability(options.env ?? process.env),
    log: options.log ?? (() => {}),
  });
  return wrap(file, session, provider, fallbackReason);
}
