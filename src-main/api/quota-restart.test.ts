import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../test-support/corpus.js';
import { ApiClients } from '../engine/catalog/api-clients.repo.js';
import { Catalog } from '../engine/catalog/catalog.repo.js';

/**
 * Quota a request reserved is given back when the request never finished: a real `culler serve`
 * is killed (SIGKILL) in the middle of an upload, and the next start gives the quota back.
 */
const CLI = path.resolve(import.meta.dirname, '../../bin/culler.mjs');
let children: ChildProcess[] = [];
let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children = [];
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

/** Starts `culler serve --no-ui` on a free port; resolves with its base URL once it listens. */
function serve(home: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--home', home, '--port', '0', '--no-ui', '--no-models'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk.toString();
      const match = /serving .* on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.stderr!.on('data', (chunk) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`culler serve exited (${code}): ${err}`)));
  });
}

async function usage(url: string, token: string): Promise<{ used: number; remaining: number | null }> {
  const response = await fetch(`${url}/api/v1/usage`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { used: number; remaining: number | null };
}

describe('quota of a request that never finished', () => {
  it('is given back when culler serve starts again after being killed mid-request', async () => {
    const folder = temporaryFolder();
    cleanup.push(folder.remove);
    const home = path.join(folder.dir, 'home');
    const catalog = Catalog.open(path.join(home, 'catalog.sqlite'));
    const { client, secret } = await new ApiClients(catalog.database).add({ name: 'killed', quota: 30, requestsPerMinute: 1000 });
    catalog.close();

    const first = await serve(home);
    const tokenResponse = await fetch(`${first.url}/api/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: client.clientId, client_secret: secret }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };

    // An upload that declares 1000 bytes and stalls after a few: its quota is reserved meanwhile.
    const { port, hostname } = new URL(first.url);
    const socket = net.connect(Number(port), hostname);
    socket.on('error', () => undefined);
    socket.write(
      [
        'POST /api/v1/rate HTTP/1.1',
        `Host: ${hostname}:${port}`,
        `Authorization: Bearer ${token}`,
        'Content-Type: multipart/form-data; boundary=b',
        'Content-Length: 1000',
        '',
        '--b\r\nContent-',
      ].join('\r\n'),
    );
    for (let tries = 0; (await usage(first.url, token)).used !== 1; tries++) {
      expect(tries).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    socket.destroy();

    const second = await serve(home);
    expect(await usage(second.url, token)).toMatchObject({ used: 0, remaining: 30 });
  }, 90_000);
});
