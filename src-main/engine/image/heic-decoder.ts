import { Worker } from 'node:worker_threads';
import { EngineError, type EngineErrorCode } from '../errors.js';

export type RgbaImage = { width: number; height: number; rgba: Uint8Array };

/** `diagnostics`: what libheif printed during this decode, and only this one (see the worker). */
type WorkerReply =
  | { id: number; ok: true; width: number; height: number; rgba: Uint8Array; diagnostics: string }
  | { id: number; ok: false; code: EngineErrorCode; message: string; diagnostics: string };

type Job = {
  id: number;
  bytes: Uint8Array;
  maxPixels: number;
  timeoutMs: number;
  resolve: (image: RgbaImage) => void;
  reject: (error: EngineError) => void;
};

const WORKER_URL = new URL('./heic-decode.worker.mjs', import.meta.url);
/** The most telling line libheif printed, e.g. "Unsupported feature: … 'unci' is not supported". */
function explain(diagnostics: string): string {
  const quoted = [...diagnostics.matchAll(/message: ['"](.+?)(?:\\n)?['"]\s*$/gm)].map((match) => match[1]!);
  const plain = diagnostics.split('\n').filter((line) => /^(Could not|Unsupported|Invalid|Error)/.test(line.trim()));
  const best = (quoted[0] ?? plain[0] ?? '').trim();
  return best ? ` (${best.slice(0, 200)})` : '';
}

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
    // libheif's diagnostics come back inside each reply (the worker catches them). Its stdout and
    // stderr stay piped and drained so that anything else printed there never reaches the host's
    // stdout, where it would corrupt the CLI's JSON lines.
    const worker = new Worker(WORKER_URL, { stdout: true, stderr: true });
    worker.unref();
    worker.stdout.resume();
    worker.stderr.resume();
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
    else {
      // libheif says "Unsupported feature" for valid files it cannot decode (uncompressed `unci`
      // images, newer box versions): that is our limitation, not a broken file.
      const code = reply.code === 'corrupt_image' && /Unsupported feature/.test(reply.diagnostics) ? 'unsupported_format' : reply.code;
      current.job.reject(new EngineError(code, `HEIF: ${reply.message}${explain(reply.diagnostics)}`));
    }
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
