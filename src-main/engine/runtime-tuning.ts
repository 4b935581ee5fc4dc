/**
 * libuv's threadpool (4 threads by default) runs both sharp's image work and every fs call. With
 * several photos in flight, the engine's small file operations (stat, open, rename) queue behind
 * 40 ms decodes; 8 threads measured +15–20 % throughput on 2 cores (`npm run bench`). The pool
 * starts on first use, so each process entry point (CLI, bench, Electron main) must call this
 * before any file or image work. An explicit UV_THREADPOOL_SIZE from the user wins.
 */
export const DEFAULT_THREADPOOL_SIZE = 8;

export function tuneThreadpool(env: NodeJS.ProcessEnv = process.env): void {
  env.UV_THREADPOOL_SIZE ??= String(DEFAULT_THREADPOOL_SIZE);
}
