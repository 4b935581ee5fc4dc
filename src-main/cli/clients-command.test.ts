import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../test-support/corpus.js';
import { runCli, type CliRun } from '../../test-support/run-cli.js';
import { ApiClients } from '../engine/catalog/api-clients.repo.js';
import { Catalog } from '../engine/catalog/catalog.repo.js';
import { runClients } from './clients-command.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

function home(): string {
  const folder = temporaryFolder();
  cleanup.push(folder.remove);
  return path.join(folder.dir, 'home');
}

const run = (args: string[], through: 'main' | 'runClients' = 'runClients'): Promise<CliRun> =>
  through === 'main' ? runCli(['clients', ...args]) : runCli(args, runClients);

describe('culler clients', () => {
  it('adds a client, printing its id and secret once, and the secret works', async () => {
    const dir = home();
    const added = await run(['add', 'Studio Agency', '--quota', '500', '--rpm', '30', '--home', dir], 'main');
    expect(added.code).toBe(0);
    const clientId = /client_id:\s+(\S+)/.exec(added.stdout)![1]!;
    const secret = /client_secret:\s+(\S+)/.exec(added.stdout)![1]!;
    expect(added.stderr).toMatch(/only a hash of it is stored/);

    const catalog = Catalog.open(path.join(dir, 'catalog.sqlite'));
    cleanup.push(() => catalog.close());
    const clients = new ApiClients(catalog.database);
    expect(await clients.verifySecret(clientId, secret)).toMatchObject({ name: 'Studio Agency', quota: 500, requestsPerMinute: 30 });

    const listed = await run(['list', '--home', dir]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(clientId);
    expect(listed.stdout).toContain('Studio Agency');
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).toMatch(/500\s+30\s+active/);
  });

  it('revokes a client and its tokens', async () => {
    const dir = home();
    const added = await run(['add', 'temp', '--home', dir]);
    const clientId = /client_id:\s+(\S+)/.exec(added.stdout)![1]!;
    const catalog = Catalog.open(path.join(dir, 'catalog.sqlite'));
    cleanup.push(() => catalog.close());
    const clients = new ApiClients(catalog.database);
    const { token } = clients.issueToken(clientId, 60_000);

    const revoked = await run(['revoke', clientId, '--home', dir]);
    expect(revoked).toMatchObject({ code: 0, stdout: expect.stringContaining(`revoked ${clientId}`) });
    expect(clients.clientForToken(token)).toEqual({ ok: false, reason: 'revoked' });
    expect((await run(['list', '--home', dir])).stdout).toMatch(/revoked \d{4}-/);
    expect(await run(['revoke', clientId, '--home', dir])).toMatchObject({ code: 1, stderr: expect.stringMatching(/no active client/) });
  });

  it('refuses bad arguments with exit code 2', async () => {
    const dir = home();
    for (const args of [['add'], ['add', 'x', '--quota', '-1'], ['add', 'x', '--rpm', 'many'], ['add', 'x', '--rpm', '0'], ['frobnicate'], ['revoke'], ['list', '--quota', '3'], ['add', 'x', '--nope']]) {
      const outcome = await run([...args, '--home', dir]);
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.stderr, args.join(' ')).toMatch(/^culler clients: /);
    }
  });
});
