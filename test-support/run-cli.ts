import { main } from '../src-main/cli/culler.js';
import type { CliStreams } from '../src-main/cli/rate-command.js';
import { CaptureStream } from './capture-stream.js';

export type CliRun = { code: number; stdout: string; stderr: string };

/** Runs `culler <args>` in this process, as the shell would, and collects what it printed. */
export async function runCli(args: string[], command: (args: string[], streams: CliStreams) => Promise<number> = main): Promise<CliRun> {
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  const code = await command(args, { stdout, stderr: stderr as unknown as NodeJS.WriteStream });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
