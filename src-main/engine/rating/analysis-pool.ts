import { Worker } from 'node:worker_threads';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { EngineError } from '../errors.js';
import type { WorkerModelRunner } from '../models/worker-model-runner.js';
import type { AnalysisReply, AnalysisRequest, AnalysisWorkerSetup } from './analysis-protocol.js';
import { sizeWorkerHeaps } from '../worker-heap.js';

export type PooledAnalysis = { result: RatingResult; thumbnailPath: string; degraded: boolean };

type Job = { resolve: (analysis: PooledAnalysis) => void; reject: (error: Error) => void };
type Lane = { worker: Worker; jobs: Map<number, Job> };

/**
 * Analysis off the engine's hosting thread: `size` worker threads (analysis-worker.ts), each
 * decoding photos and running the pixel analyzers, all sharing the one model worker through their
 * own ports, and each writing the thumbnails of its photos. The hosting thread keeps only file
 * reads, hashing and the catalog, so an HTTP server or the desktop's IPC on that thread answers
 * while an import runs. A photo goes to the lane with the fewest photos in flight; the engine's
 * AnalysisGate bounds how many there are. Lanes start on first use; one that crashes fails its
 * photos (internal_error) and is started again.
 */
export class AnalysisPool {
  private readonly lanes: Array<Lane | null>;
  private nextId = 1;

  constructor(
    size: number,
    private readonly setup: Omit<AnalysisWorkerSetup, 'modelPort'>,
    private readonly models: WorkerModelRunner | null,
  ) {
    this.lanes = Array.from({ length: Math.max(1, size) }, () => null);
  }

  analyze(bytes: Buffer, imageHash: string): Promise<PooledAnalysis> {
    const lane = this.pickLane();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      lane.jobs.set(id, { resolve, reject });
      // Photos in flight keep the process alive; an idle pool does not.
      lane.worker.ref();
      // A copy the message can move (the caller keeps its buffer): one memcpy, ~1 ms for a 4 MB
      // photo, where cloning it into the message took tens of ms of the host's thread.
      const copy = new Uint8Array(bytes);
      lane.worker.postMessage({ type: 'analyze', id, bytes: copy, imageHash } satisfies AnalysisRequest, [copy.buffer]);
    });
  }

  async close(): Promise<void> {
    const lanes = this.lanes.splice(0).filter((lane): lane is Lane => lane !== null);
    await Promise.all(
      lanes.map(async (lane) => {
        const closed = new Promise<void>((resolve) => {
          lane.worker.on('message', (reply: AnalysisReply) => reply.type === 'closed' && resolve());
          setTimeout(resolve, 2000).unref();
        });
        // Idle lanes are unref'd: hold the loop until the reply, or a process with nothing else
        // left to do (culler serve after SIGTERM) exits mid-await with code 13.
        lane.worker.ref();
        lane.worker.postMessage({ type: 'close' } satisfies AnalysisRequest);
        await closed;
        await lane.worker.terminate();
        this.fail(lane, 'analysis pool closed');
      }),
    );
  }

  private pickLane(): Lane {
    let best = -1;
    for (let index = 0; index < this.lanes.length; index++) {
      const lane = this.lanes[index];
      if (!lane) {
        best = index;
        break;
      }
      if (best < 0 || lane.jobs.size < this.lanes[best]!.jobs.size) best = index;
    }
    return this.lanes[best] ?? (this.lanes[best] = this.startLane(best));
  }

  private startLane(index: number): Lane {
    // Under tsx or vitest the engine runs from TypeScript: a bootstrap registers the loader first.
    const source = import.meta.url.endsWith('.ts');
    const entry = new URL(source ? './analysis-worker-bootstrap.mjs' : './analysis-worker.js', import.meta.url);
    const modelPort = this.models ? this.models.connect() : null;
    const workerData: AnalysisWorkerSetup = { ...this.setup, modelPort };
    sizeWorkerHeaps();
    const worker = new Worker(entry, { workerData, transferList: modelPort ? [modelPort] : [] });
    const lane: Lane = { worker, jobs: new Map() };
    worker.unref();
    worker.on('message', (reply: AnalysisReply) => {
      if (reply.type !== 'analysed') return;
      const job = lane.jobs.get(reply.id);
      if (!job) return;
      lane.jobs.delete(reply.id);
      if (lane.jobs.size === 0) worker.unref();
      if (reply.ok) job.resolve({ result: reply.result, thumbnailPath: reply.thumbnailPath, degraded: reply.degraded });
      else job.reject(reply.engine ? new EngineError(reply.error.code, reply.error.message) : new Error(reply.error.message));
    });
    worker.on('error', (error) => this.retire(index, lane, `analysis worker crashed: ${error.message}`));
    worker.on('exit', (code) => this.retire(index, lane, `analysis worker exited with code ${code}`));
    return lane;
  }

  /** A lane that died: fail its photos, and start a new one when the next photo comes. */
  private retire(index: number, lane: Lane, message: string): void {
    if (this.lanes[index] === lane) this.lanes[index] = null;
    this.fail(lane, message);
  }

  private fail(lane: Lane, message: string): void {
    for (const job of lane.jobs.values()) job.reject(new Error(message));
    lane.jobs.clear();
  }
}
