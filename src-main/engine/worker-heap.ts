import v8 from 'node:v8';

/**
 * Where each analysis or model worker's old generation starts, in MB (V8 starts a heap this size
 * at about 37 MB). A photo's analysis allocates tens of MB (model inputs and outputs, the quality
 * measures' planes, the photo's bytes), and with V8's start every analysis worker ran a full
 * mark-compact of its whole heap (~14 MB of code and modules, ~12 MB allocated between two) about
 * once per photo: 33 in 24 camera JPEGs, the concurrent marking alone ~9 % of the engine's CPU
 * (`perf` by thread; README "Session 6"). At 64 MB, 8 in 24 photos and ~100 ms less CPU per
 * photo; what it costs is the garbage that waits longer for its collection: peak RSS +40–50 MB
 * (2 analysis workers and the model worker). 96 MB bought nothing more.
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
