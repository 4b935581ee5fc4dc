import path from 'node:path';
import { z } from 'zod';
import { ApiClients } from '../engine/catalog/api-clients.repo.js';
import { Catalog } from '../engine/catalog/catalog.repo.js';
import { toErrorInfo } from '../engine/errors.js';
import { defaultHome, homeLayout } from '../engine/paths.js';
import { parseCommand } from './parse-command.js';
import type { CliStreams } from './rate-command.js';

/**
 * Requests a minute a new client may make. The API serves the user's own machine: a plain loop
 * over a shoot must not stop at the 62nd photo (it did at 60); 600 still stops a runaway script.
 */
export const DEFAULT_REQUESTS_PER_MINUTE = 600;

export const CLIENTS_USAGE = `culler clients — who may call the local rating API (culler serve)

Usage:
  culler clients add <name> [--quota <n>] [--rpm <n>] [--home <dir>]
                      a new client; prints its client_id and secret (the secret only this once)
  culler clients list [--home <dir>]
  culler clients revoke <client_id> [--home <dir>]
                      the client and every token it holds stop working at once

Options:
      --quota <n>     images the client may have rated in all (default: unlimited)
      --rpm <n>       requests a minute (default ${DEFAULT_REQUESTS_PER_MINUTE})
      --home <dir>    where the catalog lives (default: $CULLER_HOME or the platform's user data folder)
`;

const addSchema = z.object({
  name: z.string().trim().min(1, 'name the client').max(100),
  quota: z.coerce.number().int().min(0).max(1_000_000_000).nullable(),
  requestsPerMinute: z.coerce.number().int().min(1).max(100_000),
});

/** culler clients …; exit code 0 on success, 1 when the client to revoke does not exist, 2 on usage. */
export async function runClients(args: string[], streams: CliStreams): Promise<number> {
  const { stdout, stderr } = streams;
  const parsed = parseCommand(args, { home: { type: 'string' }, quota: { type: 'string' }, rpm: { type: 'string' } }, { name: 'culler clients', usage: CLIENTS_USAGE, streams });
  if (!parsed.ok) return parsed.exit;
  const { values, positionals } = parsed;
  const [verb, ...rest] = positionals;
  if (!verb) {
    stdout.write(CLIENTS_USAGE);
    return 2;
  }
  const usage = (message: string): number => {
    stderr.write(`culler clients: ${message}\n\n${CLIENTS_USAGE}`);
    return 2;
  };
  if (verb !== 'add' && verb !== 'list' && verb !== 'revoke') return usage(`unknown command '${verb}'`);
  if (verb !== 'add' && (values.quota !== undefined || values.rpm !== undefined)) return usage('--quota and --rpm go with `add`');

  let input: z.infer<typeof addSchema> | null = null;
  if (verb === 'add') {
    if (rest.length !== 1) return usage('add takes one name (quote it if it has spaces)');
    const checked = addSchema.safeParse({ name: rest[0], quota: values.quota ?? null, requestsPerMinute: values.rpm ?? DEFAULT_REQUESTS_PER_MINUTE });
    if (!checked.success) return usage(z.prettifyError(checked.error).replace(/\n/g, '; '));
    input = checked.data;
  }
  if (verb === 'list' && rest.length > 0) return usage('list takes no arguments');
  if (verb === 'revoke' && rest.length !== 1) return usage('revoke takes one client_id');

  // Only the catalog: no models or workers are needed to manage clients.
  let catalog: Catalog;
  try {
    catalog = Catalog.open(homeLayout(path.resolve(values.home ?? defaultHome())).catalogFile);
  } catch (error) {
    const info = toErrorInfo(error);
    stderr.write(`culler clients: ${info.code}: ${info.message}\n`);
    return 1;
  }
  try {
    const clients = new ApiClients(catalog.database);
    switch (verb) {
      case 'add': {
        const { client, secret } = await clients.add(input!);
        stdout.write(`client_id:     ${client.clientId}\nclient_secret: ${secret}\n`);
        stderr.write(
          `culler clients: added '${client.name}' (quota ${client.quota ?? 'unlimited'}, ${client.requestsPerMinute} requests a minute). ` +
            'Keep the secret now: only a hash of it is stored, it cannot be shown again.\n',
        );
        return 0;
      }
      case 'list': {
        const all = clients.list();
        if (all.length === 0) {
          stderr.write('culler clients: no clients yet (culler clients add <name>)\n');
          return 0;
        }
        stdout.write(`${'client_id'.padEnd(20)} ${'name'.padEnd(20)} ${'used'.padStart(8)} ${'quota'.padStart(10)} ${'rpm'.padStart(6)}  status\n`);
        for (const client of all) {
          const status = client.revokedAt ? `revoked ${client.revokedAt}` : 'active';
          stdout.write(
            `${client.clientId.padEnd(20)} ${client.name.slice(0, 20).padEnd(20)} ${String(client.used).padStart(8)} ${String(client.quota ?? 'unlimited').padStart(10)} ${String(client.requestsPerMinute).padStart(6)}  ${status}\n`,
          );
        }
        return 0;
      }
      case 'revoke': {
        const clientId = rest[0]!;
        if (!clients.revoke(clientId)) {
          stderr.write(`culler clients: no active client '${clientId}'\n`);
          return 1;
        }
        stdout.write(`revoked ${clientId}; its tokens no longer work\n`);
        return 0;
      }
    }
  } finally {
    catalog.close();
  }
}
