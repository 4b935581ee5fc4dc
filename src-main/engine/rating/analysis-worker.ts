/**
 * An analysis worker: decodes a photo and runs every pixel analyzer on it (quality, perceptual hash,
 * preparing the models' inputs, the embedded level) on its own thread, so the thread hosting the
 * engine (culler serve's server, the desktop service) only reads files and writes the catalog.
 * Models run on the one model worker, reached through the port it was given. See analysis-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EngineError } from '../errors.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { PortModelRunner } from '../models/port-model-runner.js';
import type { AnalysisReply, AnalysisRequest, AnalysisWorkerSetup } from './analysis-protocol.js';
import { analyzeImage } from './analyze-image.js';

const setup = workerData as AnalysisWorkerSetup;
const port = parentPort!;
const heic = new HeicDecoder();
const runner = setup.modelPort ? new PortModelRunner(setup.modelPort) : null;
const deps = { config: setup.config, heic, analyzers: setup.analyzers, runner, missingReasons: setup.missingReasons, aiPack: null };

async function analyze(request: Extract<AnalysisRequest, { type: 'analyze' }>): Promise<void> {
  try {
    const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    const { result, decoded, degraded } = await analyzeImage(bytes, deps, request.imageHash);
    // A copy the transfer can move: sharp's output buffers may not be transferable.
    const data = new Uint8Array(decoded.working.data);
    const working = { data, width: decoded.working.width, height: decoded.working.height };
    port.postMessage({ type: 'analysed', id: request.id, ok: true, result, working, degraded } satisfies AnalysisReply, [data.buffer]);
  } catch (error) {
    const engine = error instanceof EngineError;
    const info = engine ? error.toInfo() : { code: 'internal_error' as const, message: error instanceof Error ? error.message : String(error) };
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
