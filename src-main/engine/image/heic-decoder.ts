import { Worker } from 'node:worker_threads';
import { EngineError, type EngineErrorCode } from '../errors.js';

export type RgbaImage = { width: number; height: number; rgba: Uint8Array };

type WorkerReply =
  | { id: number; ok: true; width: number; height: number; rgba: Uint8Array }
  | { id: number; ok: false; code: EngineErrorCode; message: string };

type Job = {
  id: number;
  bytes: Uint8Array;
  maxPixels: number;
  timeoutMs: number;
  resolve: (image: RgbaImage) => void;
  reject: (error: EngineError) => void;
};

const WORKER_URL = new URL('./heic-decode.worker.mjs', import.meta.url);

/**
 * Runs HEIC decodes one at a time on a worker thread. One at a time because a 12 MP decode peaks
 * near 600 MB; a decode that outlives its limit gets the worker terminated and a fresh one started,
 * so a hostile file can neither hang nor poison later decodes.
 */
export class HeicDecoder {
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;

  decode(bytes: Uint8Array, options: { maxPixels: number; timeoutMs: number }): Promise<RgbaImage> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, ...options, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker; pending decodes fail. Safe to call more than once. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new EngineError('internal_error', 'HEIC decoder closed'));
    this.failCurrent(new EngineError('internal_error', 'HEIC decoder closed'));
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_URL);
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (error) => this.onWorkerDied(`HEIC decoder crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.onWorkerDied(`HEIC decoder exited with code ${code}`);
    });
    this.worker = worker;
    return worker;
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    const worker = this.ensureWorker();
    const timer = setTimeout(() => {
      this.failCurrent(new EngineError('decode_timeout', `HEIC decode took longer than ${job.timeoutMs} ms`));
      this.restartWorker();
    }, job.timeoutMs);
    this.current = { job, timer };
    // Copy: the caller keeps its bytes (it hashes and stores them); the copy is transferred.
    const copy = new Uint8Array(job.bytes);
    worker.postMessage({ id: job.id, bytes: copy, maxPixels: job.maxPixels }, [copy.buffer]);
  }

  private onReply(reply: WorkerReply): void {
    const current = this.current;
    if (!current || current.job.id !== reply.id) return;
    clearTimeout(current.timer);
    this.current = null;
    if (reply.ok) current.job.resolve({ width: reply.width, height: reply.height, rgba: reply.rgba });
    else current.job.reject(new EngineError(reply.code, `HEIF: ${reply.message}`));
    this.pump();
  }

  private onWorkerDied(message: string): void {
    this.worker = null;
    this.failCurrent(new EngineError('corrupt_image', message));
    this.pump();
  }

  private failCurrent(error: EngineError): void {
    if (!this.current) return;
    clearTimeout(this.current.timer);
    const { job } = this.current;
    this.current = null;
    job.reject(error);
  }

  private restartWorker(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
    this.pump();
  }
}
