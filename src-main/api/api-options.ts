import type { CullingEngine } from '../engine/engine.js';
import type { UrlFetchOptions } from './url-fetch/safe-fetch.js';

export type RatingApiOptions = {
  /** How long a bearer token lives; default one hour. */
  tokenTtlMs: number;
  /** Largest upload and download, in bytes; default the engine's file limit (25 MB). */
  maxUploadBytes: number;
  /** Largest JSON body, in bytes: a batch of 10 URLs and 7 levels fits many times over. */
  maxJsonBytes: number;
  urlFetch: UrlFetchOptions;
  /** Photos of one batch fetched and rated at once. */
  batchConcurrency: number;
};

export type RatingApiOptionsInput = Partial<Omit<RatingApiOptions, 'urlFetch'>> & { urlFetch?: Partial<UrlFetchOptions> };

export function resolveApiOptions(engine: CullingEngine, input: RatingApiOptionsInput = {}): RatingApiOptions {
  const maxUploadBytes = input.maxUploadBytes ?? engine.config.limits.maxFileBytes;
  return {
    tokenTtlMs: input.tokenTtlMs ?? 60 * 60 * 1000,
    maxUploadBytes,
    maxJsonBytes: input.maxJsonBytes ?? 64 * 1024,
    batchConcurrency: input.batchConcurrency ?? 3,
    urlFetch: {
      allowPrivateAddresses: input.urlFetch?.allowPrivateAddresses ?? false,
      timeoutMs: input.urlFetch?.timeoutMs ?? 30_000,
      maxRedirects: input.urlFetch?.maxRedirects ?? 5,
      maxBytes: input.urlFetch?.maxBytes ?? maxUploadBytes,
    },
  };
}
