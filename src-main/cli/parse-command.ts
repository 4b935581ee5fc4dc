import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliStreams } from './rate-command.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type Config<T extends OptionsConfig> = { args: string[]; allowPositionals: true; options: T & { help: { type: 'boolean'; short: 'h'; default: false } } };

/** What a command's arguments parsed to, or the exit code the command returns at once. */
export type ParsedCommand<T extends OptionsConfig> = { ok: true; values: ReturnType<typeof parseArgs<Config<T>>>['values']; positionals: string[] } | { ok: false; exit: number };

/**
 * The preamble every `culler <command>` shares: parse the arguments (a usage error is one line on
 * stderr and exit 2), and answer --help with the usage text (exit 0). `-h/--help` is added to the
 * options here so that no command forgets it.
 */
export function parseCommand<const T extends OptionsConfig>(
  args: string[],
  options: T,
  command: { name: string; usage: string; streams: CliStreams },
): ParsedCommand<T> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h', default: false } } } as Config<T>);
  } catch (error) {
    command.streams.stderr.write(`${command.name}: ${(error as Error).message}\n`);
    return { ok: false, exit: 2 };
  }
  if ((parsed.values as { help?: boolean }).help) {
    command.streams.stdout.write(command.usage);
    return { ok: false, exit: 0 };
  }
  return { ok: true, values: parsed.values, positionals: parsed.positionals };
}

/** A usage error: the message, then the usage text, on stderr; exit code 2. */
export function usageError(command: { name: string; usage: string; streams: CliStreams }, message: string): number {
  command.streams.stderr.write(`${command.name}: ${message}\n\n${command.usage}`);
  return 2;
}
