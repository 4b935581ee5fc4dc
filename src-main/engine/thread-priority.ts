import os from 'node:os';

/**
 * How much lower than the hosting thread an engine's analysis and model threads run when the
 * engine serves a window or an HTTP server (`background`): at nice +10 the kernel gives the
 * hosting thread about ten times their share whenever both want the CPU, so requests are answered
 * between photos instead of queueing behind them, and an idle machine still gives the analysis all
 * of its cores. The command line rates at full priority.
 */
export const BACKGROUND_NICENESS = 10;

/**
 * Lowers the calling thread's scheduling priority by `niceness` (capped at 19). Linux keeps nice
 * values per thread, so only this worker thread (and the threads it starts from now on) is
 * lowered, never the host; on other systems setpriority acts on the whole process, so nothing is
 * done there. Returns the thread's nice value afterwards, or null when it was left alone.
 */
export function lowerThisThreadPriority(niceness: number): number | null {
  if (niceness <= 0 || process.platform !== 'linux') return null;
  try {
    os.setPriority(Math.min(19, os.getPriority() + niceness));
    return os.getPriority();
  } catch {
    // Raising one's own nice value needs no privilege; should the kernel refuse anyway, the thread runs as before.
    return null;
  }
}
