import v8 from 'node:v8';

/**
 * Where each analysis or model worker's old generation starts, in MB (V8's default is about 37 MB
 * for a heap of this size). V8 counts the ArrayBuffers a thread allocates against its old
 * generation's limit, and a photo's analysis allocates ~25 MB of them (the model inputs, the
 * quality measures' planes, the models' outputs, the photo's bytes), so with the default every
 * worker ran a full mark-compact of its whole heap (~14 MB of code and modules) about once per
 * photo: 33 in 24 photos, ~100 ms of CPU per photo on the V8 platform threads and the workers
 * (`bench/phase.ts --phase engine`, see README "Session 6"). At 64 MB, 8 in 24 photos; what it
 * costs is the buffers that wait longer for their collection: peak RSS +40–50 MB (engine with 2
 * analysis workers and the model worker). 96 MB bought nothing more.
 */
export const WORKER_INITIAL_OLD_SPACE_MB = 64;

const FLAG = '--initial-old-space-size';
let sized = false;

/**
 * Gives the worker threads started after this call a larger initial old generation. V8 reads the
 * flag when it creates an isolate, so the thread calling this (already running) keeps its heap as
 * it is; the flag is process-wide and stays set, so every worker started later gets it too (the
 * engine's are the only ones in this process that allocate per photo). An explicit
 * `--initial-old-space-size` (command line or NODE_OPTIONS) wins.
 */
export function sizeWorkerHeaps(): void {
  if (sized) return;
  sized = true;
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((argument) => argument.startsWith(FLAG))) return;
  v8.setFlagsFromString(`${FLAG}=${WORKER_INITIAL_OLD_SPACE_MB}`);
}
