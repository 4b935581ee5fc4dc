import type { MessagePort } from 'node:worker_threads';
import type { AnalyzerInfo, RatingResult } from '../../../src-preload/contract/rating-result.js';
import type { EngineConfig } from '../config.js';
import type { EngineErrorInfo } from '../errors.js';

/** What each analysis worker is started with (structured-cloned; the port is transferred). */
export type AnalysisWorkerSetup = {
  config: EngineConfig;
  analyzers: AnalyzerInfo[];
  missingReasons: Map<string, string>;
  /** The engine's thumbnail cache folder: each worker writes the thumbnails of the photos it decodes. */
  thumbnailDir: string;
  /** Added to the worker thread's nice value (see thread-priority.ts); 0: unchanged. */
  niceness: number;
  /** A channel to the shared model worker; null when models are off. */
  modelPort: MessagePort | null;
};

export type AnalysisRequest = { type: 'analyze'; id: number; bytes: Uint8Array; imageHash: string } | { type: 'close' };

export type AnalysisReply =
  | {
      type: 'analysed';
      id: number;
      ok: true;
      result: RatingResult;
      /** The thumbnail the worker wrote from its working image (which never leaves the worker). */
      thumbnailPath: string;
      degraded: boolean;
    }
  /** `engine` true: an EngineError (a typed, expected failure such as a corrupt file); else an unexpected one. */
  | { type: 'analysed'; id: number; ok: false; engine: boolean; error: EngineErrorInfo }
  | { type: 'closed' };
