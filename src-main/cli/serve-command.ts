import path from 'node:path';
import { z } from 'zod';
import { registerRatingApi } from '../api/rating-api.js';
import { toErrorInfo } from '../engine/errors.js';
import { defaultHome, homeLayout } from '../engine/paths.js';
import { DEFAULT_HOST, startLocalServer } from '../server/local-server.js';
import { CullerService } from '../service/culler-service.js';
import { parseCommand, usageError } from './parse-command.js';
import type { CliStreams } from './rate-command.js';
import { SHOOT_PROFILES } from '../../src-preload/contract/rating-result.js';

export const SERVE_USAGE = `culler serve — the app in a browser, and the local rating API, on this machine.

Usage:
  culler serve [--port 8750] [--host 127.0.0.1] [--home <dir>] [--no-ui] [--no-api] [--no-models]
               [--profile portfolio|wedding|landscape]

--profile sets the library's shoot profile (saved, as in the app's settings): what goes to review
and how the score weighs; stored results are re-judged under it without decoding. The rating API
judges as portfolio unless a request names another (?profile=).

Prints the address to open (it carries a key made for this launch). The rating API answers under
/api/v1 (docs at /api/v1/docs); create its clients with \`culler clients add\`.
Binds 127.0.0.1 unless --host names another address. Stops on Ctrl-C, finishing the photos in hand.
`;

const serveOptionsSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  home: z.string().min(1).optional(),
  ui: z.boolean(),
  api: z.boolean(),
  models: z.boolean(),
  profile: z.enum(SHOOT_PROFILES).optional(),
});
type ServeOptions = z.infer<typeof serveOptionsSchema>;

/** Where `npm run build` puts the renderer, relative to this file in the source tree. */
const RENDERER_DIR = path.resolve(import.meta.dirname, '../../out/renderer');

export async function runServe(args: string[], streams: CliStreams, signal?: AbortSignal): Promise<number> {
  const cli = { name: 'culler serve', usage: SERVE_USAGE, streams };
  const parsed = parseCommand(args, {
    host: { type: 'string', default: DEFAULT_HOST },
    port: { type: 'string', default: '8750' },
    home: { type: 'string' },
    'no-ui': { type: 'boolean', default: false },
    'no-api': { type: 'boolean', default: false },
    'no-models': { type: 'boolean', default: false },
    profile: { type: 'string' },
  }, cli);
  if (!parsed.ok) return parsed.exit;
  const { values, positionals } = parsed;
  if (positionals.length > 0) return usageError(cli, `serve takes no files or folders ('${positionals[0]}'); add them in the app`);
  const checked = serveOptionsSchema.safeParse({
    host: values.host,
    port: values.port,
    home: values.home,
    ui: !values['no-ui'],
    api: !values['no-api'],
    models: !values['no-models'],
    profile: values.profile,
  });
  if (!checked.success) {
    streams.stderr.write(`culler serve: ${z.prettifyError(checked.error)}\n`);
    return 2;
  }
  if (!checked.data.ui && !checked.data.api) {
    streams.stderr.write('culler serve: --no-ui and --no-api leave nothing to serve\n');
    return 2;
  }
  return serve(checked.data, streams, signal);
}

async function serve(options: ServeOptions, streams: CliStreams, signal?: AbortSignal): Promise<number> {
  const home = path.resolve(options.home ?? defaultHome());
  const { createRequire } = await import('node:module');
  const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
  let apiUrl: string | null = null;
  let service: CullerService;
  try {
    service = await CullerService.open({
      home,
      door: 'browser',
      version,
      engine: { models: options.models },
      // In the browser build the API shares this server: its address is fixed for the launch.
      apiServer: {
        status: () => ({ running: apiUrl !== null, url: apiUrl, error: apiUrl ? null : 'the rating API is off (culler serve --no-api)' }),
        apply: async () => ({
          running: apiUrl !== null,
          url: apiUrl,
          error: 'in the browser build the API runs with `culler serve`; restart it with or without --no-api to change that',
        }),
      },
      log: (line) => streams.stderr.write(`${line}\n`),
    });
  } catch (error) {
    // The home or its catalog cannot be used (read-only, damaged, too new…): one sentence, no stack.
    const info = toErrorInfo(error);
    streams.stderr.write(`culler serve: ${info.code}: ${info.message}\n`);
    return 1;
  }
  if (options.profile && options.profile !== service.engine.profile) {
    const rejudged = service.engine.setProfile(options.profile).length;
    streams.stderr.write(`culler: library profile set to ${options.profile}; ${rejudged} stored result${rejudged === 1 ? '' : 's'} re-judged (no photo decoded again)\n`);
  }
  let server;
  try {
    server = await startLocalServer({
      host: options.host,
      port: options.port,
      ui: options.ui ? { backend: service, rendererDir: RENDERER_DIR, cacheDir: homeLayout(home).cacheDir } : undefined,
      api: options.api ? (app) => registerRatingApi(app, { engine: service.engine }) : undefined,
    });
  } catch (error) {
    await service.close();
    streams.stderr.write(`culler serve: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (options.api) apiUrl = `${server.url}/api/v1`;
  const lines = [`culler: serving ${home} on ${server.url}`];
  if (server.launchUrl) lines.push(`  open the app:  ${server.launchUrl}`);
  if (apiUrl) lines.push(`  rating API:    ${apiUrl}  (docs: ${apiUrl}/docs, clients: culler clients add <name>)`);
  lines.push(`  profile:       ${service.engine.profile} (the library's; the API judges as portfolio unless a request says ?profile=)`);
  if (options.host !== DEFAULT_HOST) lines.push(`  note: bound to ${options.host}, not only this machine's loopback`);
  streams.stdout.write(`${lines.join('\n')}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  streams.stderr.write('culler: stopping (finishing the photos in hand)…\n');
  await server.close();
  await service.close();
  return 0;
}
