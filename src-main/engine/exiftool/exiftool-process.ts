import { execFile } from 'node:child_process';
import { DefaultExiftoolArgs, ExifTool } from 'exiftool-vendored';
import { EngineError } from '../errors.js';
import { cullerXmpConfigFile } from './culler-xmp-config.js';

/**
 * The one exiftool process of this Node process (exiftool-vendored keeps it alive and feeds it
 * requests over stdin, so each read costs milliseconds instead of a Perl start-up). Every RAW
 * preview, camera fact and XMP sidecar goes through here; `exiftool-vendored` is imported nowhere
 * else (lint-enforced).
 *
 * On Linux and macOS exiftool is a Perl script: where perl is missing, `exiftoolOrError()` throws
 * `exiftool_unavailable` with the fix, instead of exiftool-vendored's spawn timeout.
 */
let shared: ExifTool | null = null;
let perlCheck: Promise<string | null> | null = null;

/** Why exiftool cannot run here, or null when it can (Windows ships its own exiftool.exe). */
function perlProblem(): Promise<string | null> {
  if (process.platform === 'win32') return Promise.resolve(null);
  perlCheck ??= new Promise((resolve) => {
    execFile('perl', ['-e', 'print 1'], { timeout: 10_000 }, (error, stdout) => {
      resolve(error || stdout !== '1' ? 'perl is not installed (exiftool, which reads RAW previews and XMP, is a Perl program): install perl (Debian/Ubuntu: apt install perl; macOS ships it)' : null);
    });
  });
  return perlCheck;
}

/** The shared exiftool, started on first use; throws `exiftool_unavailable` when it cannot run. */
export async function exiftoolOrError(): Promise<ExifTool> {
  const problem = await perlProblem();
  if (problem) throw new EngineError('exiftool_unavailable', problem);
  // One process is enough for a 2–8 core laptop: RAW preview extraction is I/O-bound and the
  // decode that follows it dominates; more processes would only add Perl start-ups.
  // `-config` must come first: it teaches exiftool Culler's own XMP namespace (pick flag, score, verdict).
  shared ??= new ExifTool({
    maxProcs: 1,
    taskTimeoutMillis: 20_000,
    minDelayBetweenSpawnMillis: 0,
    exiftoolArgs: ['-config', cullerXmpConfigFile(), ...DefaultExiftoolArgs],
  });
  return shared;
}

/** Ends the shared process (tests, CLI exit, engine close); the next call starts a new one. */
export async function endExiftool(): Promise<void> {
  const running = shared;
  shared = null;
  if (running) await running.end();
}
