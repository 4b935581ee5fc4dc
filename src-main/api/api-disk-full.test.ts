import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, SHARED_MODEL_CACHE, temporaryFolder } from '../../test-support/corpus.js';
import { mountSmallDisk, TMPFS_UNAVAILABLE } from '../../test-support/storage-conditions.js';
import { ApiClients } from '../engine/catalog/api-clients.repo.js';
import { CullingEngine } from '../engine/engine.js';
import { startApiServer, type ApiServer } from './rating-api.js';

/** The API on a home whose disk is full (a real, filled tmpfs): 507 disk_full, and fine once space returns. */
describe.skipIf(TMPFS_UNAVAILABLE !== null)('the rating API on a full disk', () => {
  const folder = temporaryFolder();
  const home = path.join(folder.dir, 'home');
  let unmount: () => void = () => {};
  let engine: CullingEngine;
  let server: ApiServer;
  beforeAll(async () => {
    unmount = mountSmallDisk(home, 16 * 1024 * 1024);
    engine = CullingEngine.open({ home, models: false, aiPack: false, modelCacheDir: SHARED_MODEL_CACHE });
    server = await startApiServer({ engine });
  });
  afterAll(async () => {
    await server?.close();
    await engine?.close();
    unmount();
    folder.remove();
  });

  function fillDisk(): string {
    const filler = path.join(home, 'filler.bin');
    const fd = openSync(filler, 'w');
    try {
      for (const size of [1024 * 1024, 4096, 512, 1]) {
        try {
          for (;;) writeSync(fd, Buffer.alloc(size, 1));
        } catch {
          // this size no longer fits; try a smaller one
        }
      }
    } finally {
      closeSync(fd);
    }
    return filler;
  }

  const rate = (token: string, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(corpusFile('faces', name))]), name);
    return fetch(`${server.url}/api/v1/rate`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  };

  it('answers 507 disk_full in one sentence, then rates again once space returns', async () => {
    const { client, secret } = await new ApiClients(engine.catalog.database).add({ name: 'full', quota: null, requestsPerMinute: 1000 });
    const tokenResponse = await fetch(`${server.url}/api/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: client.clientId, client_secret: secret }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };

    const filler = fillDisk();
    const refused = await rate(token, 'obama.jpg');
    expect(refused.status).toBe(507);
    const body = (await refused.json()) as { error_code: string; message: string };
    expect(body.error_code).toBe('disk_full');
    expect(body.message).not.toMatch(/\n\s+at /);

    rmSync(filler);
    const rated = await rate(token, 'obama.jpg');
    expect(rated.status).toBe(200);
  }, 60_000);
});
