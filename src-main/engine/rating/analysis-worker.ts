/**
 * An analysis worker: decodes a photo and runs every pixel analyzer on it (quality, perceptual hash,
 * preparing the models' inputs, the embedded level) on its own thread, so the thread hosting the
 * engine (culler serve's server, the desktop service) only reads files and writes the catalog.
 * Models run on the one model worker, reached through the port it was given. See analysis-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EngineError, storageError } from '../errors.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { PortModelRunner } from '../models/port-model-runner.js';
import type { AnalysisReply, AnalysisRequest, AnalysisWorkerSetup } from './analysis-protocol.js';
import { analyzeImage } from './analyze-image.js';
import { ThumbnailCache } from '../thumbs/thumbnail-cache.js';
import { lowerThisThreadPriority } from '../thread-priority.js';

const setup = workerData as AnalysisWorkerSetup;
lowerThisThreadPriority(setup.niceness);
const port = parentPort!;
const heic = new HeicDecoder();
const runner = setup.modelPort ? new PortModelRunner(setup.modelPort) : null;
const thumbnails = new ThumbnailCache(setup.thumbnailDir, setup.config.thumbnailLongSidePx);
const deps = { config: setup.config, heic, analyzers: setup.analyzers, runner, missingReasons: setup.missingReasons, aiPack: null };

async function analyze(request: Extract<AnalysisRequest, { type: 'analyze' }>): Promise<void> {
  try {
    const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    const { result, decoded, degraded } = await analyzeImage(bytes, deps, request.imageHash);
    // The thumbnail is encoded here, from the working image this thread already holds: the 2–3 MB
    // of pixels never cross to the host (no copy, no transfer, no garbage on the host's heap) and
    // the host's thread does no JPEG encoding while it serves requests.
    const thumbnailPath = await thumbnails.ensure(request.imageHash, decoded.working);
    port.postMessage({ type: 'analysed', id: request.id, ok: true, result, thumbnailPath, degraded } satisfies AnalysisReply);
  } catch (error) {
    // A full disk while writing the thumbnail is the home's failure, typed as on the host.
    const typed = error instanceof EngineError ? error : storageError(error);
    const engine = typed !== null;
    const info = typed ? typed.toInfo() : { code: 'internal_error' as const, message: error instanceof Error ? error.message : String(error) };
    port.postMessage({ type: 'analysed', id: request.id, ok: false, engine, error: info } satisfies AnalysisReply);
  }
}

port.on('message', async (request: AnalysisRequest) => {
  switch (request.type) {
    case 'analyze':
      return analyze(request);
    case 'close':
      await heic.close();
      runner?.close();
      port.postMessage({ type: 'closed' } satisfies AnalysisReply);
      return;
  }
});
