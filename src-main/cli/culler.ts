// Commands load their modules (zod, the engine, sharp, onnxruntime) only when run, so that
// `culler --version` and `--help` start at once.
import { parseCommand } from './parse-command.js';
import type { CliStreams } from './rate-command.js';

const USAGE = `culler — rates photos on this machine, offline.

Usage:
  culler rate <files|folders...> [options]
  culler models status|install|import …   the optional AI pack (culler models --help)
  culler clients add|list|revoke …        clients of the local rating API (culler clients --help)
  culler learn status|train|reset|rollback …   the personal model learned from your decisions
                                          (culler learn --help)
  culler serve [--port 8750] [--host 127.0.0.1]   the app in a browser and the local rating API
                                                   (culler serve --help)
  culler group <files|folders...> [--json] [--home DIR]   bursts of near-identical shots and the
                                                   best frame of each (culler group --help)
  culler mark <files...> [--pick|--reject|--unflag] [--stars 0-5] [--label red|…|none]
                                          marks in the catalog and XMP sidecars (culler mark --help)
  culler export <folders...> --xmp | --to DEST [--copy|--move] [--picks …] [--dry-run] | --csv FILE
                                          sidecars, copies/moves, CSV (culler export --help)

Options for rate:
  -r, --recursive        descend into sub-folders
      --json             one JSON result per line, in the shape of the hosted rating API (default)
      --csv              one CSV row per photo, with a header
      --table            a table a person can read
      --home <dir>       where the catalog and thumbnails live (default: $CULLER_HOME or the
                         platform's user data folder)
      --concurrency <n>  photos rated at once (default 2)
      --max-file-mb <n>  refuse files larger than this (default 25)
      --max-megapixels <n>  refuse images with more pixels than this (default 150)
      --no-progress      no progress bar on stderr
      --no-models        skip the model-backed analyzers (faces, content): pixels only
      --verbose          log model loading and execution-provider choices on stderr
      --group            group bursts and add each result's \`group\` field (output waits for all)
      --profile <name>   judge as portfolio (portrait/fashion), wedding (wedding/event) or
                         landscape (landscape/other): what goes to review and how the score
                         weighs (default: the library's profile from the app's settings, else
                         portfolio); the measures are the same under every profile
  -h, --help             this text
  -v, --version          the version

Exit status: 0 when every photo was rated, 1 when any failed (each failure is in the output
with a typed error code), 2 for a usage error.
`;

export async function main(argv: string[], streams: CliStreams = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    streams.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === '-v' || command === '--version') {
    const { createRequire } = await import('node:module');
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
    streams.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  if (command === 'models') return (await import('./models-command.js')).runModels(rest, streams);
  if (command === 'clients') return (await import('./clients-command.js')).runClients(rest, streams);
  if (command === 'learn') return (await import('./learn-command.js')).runLearn(rest, streams);
  if (command === 'serve') return (await import('./serve-command.js')).runServe(rest, streams);
  if (command === 'group') return (await import('./group-command.js')).runGroup(rest, streams);
  if (command === 'mark') return (await import('./cull-out-commands.js')).runMark(rest, streams);
  if (command === 'export') return (await import('./cull-out-commands.js')).runExport(rest, streams);
  if (command !== 'rate') {
    streams.stderr.write(`culler: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }

  const parsed = parseCommand(rest, {
    recursive: { type: 'boolean', short: 'r', default: false },
    json: { type: 'boolean', default: false },
    csv: { type: 'boolean', default: false },
    table: { type: 'boolean', default: false },
    home: { type: 'string' },
    concurrency: { type: 'string' },
    'max-file-mb': { type: 'string' },
    'max-megapixels': { type: 'string' },
    'no-progress': { type: 'boolean', default: false },
    'no-models': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    group: { type: 'boolean', default: false },
    profile: { type: 'string' },
  }, { name: 'culler', usage: USAGE, streams });
  if (!parsed.ok) return parsed.exit;
  const { values, positionals } = parsed;
  const formats = (['json', 'csv', 'table'] as const).filter((name) => values[name]);
  if (formats.length > 1) {
    streams.stderr.write(`culler: choose one of --json, --csv, --table\n`);
    return 2;
  }
  const [{ z }, { runRate, rateOptionsSchema }] = await Promise.all([import('zod'), import('./rate-command.js')]);
  const checked = rateOptionsSchema.safeParse({
    inputs: positionals,
    recursive: values.recursive,
    format: formats[0] ?? 'json',
    home: values.home,
    concurrency: values.concurrency,
    maxFileMb: values['max-file-mb'],
    maxMegapixels: values['max-megapixels'],
    progress: !values['no-progress'],
    models: !values['no-models'],
    verbose: values.verbose,
    group: values.group,
    profile: values.profile,
  });
  if (!checked.success) {
    streams.stderr.write(`culler: ${z.prettifyError(checked.error)}\n`);
    return 2;
  }
  return runRate(checked.data, streams);
}
