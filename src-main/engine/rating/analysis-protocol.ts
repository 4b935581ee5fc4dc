import type { MessagePort } from 'node:worker_threads';
import type { AnalyzerInfo, RatingResult } from '../../../src-preload/contract/rating-result.js';
import type { EngineConfig } from '../config.js';
import type { EngineErrorInfo } from '../errors.js';

/** What each analysis worker is started with (structured-cloned; the port is transferred). */
export type AnalysisWorkerSetup = {
  config: EngineConfig;
  analyzers: AnalyzerInfo[];
  missingReasons: Map<string, string>;
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
      /** The working image (the thumbnail is made from it on the host); its buffer is transferred. */
      working: { data: Uint8Array; width: number; height: number };
      degraded: boolean;
    }
  /** `engine` true: an EngineError (a typed, expected failure such as a corrupt file); else an unexpected one. */
  | { type: 'analysed'; id: number; ok: false; engine: boolean; error: EngineErrorInfo }
  | { type: 'closed' };
