// Load on the local rating API: the server runs in a child process (as `culler serve` would), this
// process sends 200 concurrent POST /api/v1/rate with corpus photos over real sockets and reports
// errors, latency, throughput and the server's peak resident memory (VmHWM).
//
//   npm run bench:api [-- --requests 200]
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ApiClients } from '../src-main/engine/catalog/api-clients.repo.js';
import { Catalog } from '../src-main/engine/catalog/catalog.repo.js';
import { homeLayout } from '../src-main/engine/paths.js';
import { BENCH_MODEL_CACHE, CORPUS_DIR } from './bench-common.js';

const { values } = parseArgs({ options: { serve: { type: 'string' }, requests: { type: 'string', default: '200' } } });


/** Child: the engine (models on) and the API on an ephemeral port; prints its URL as one JSON line. */
async function serve(home: string): Promise<void> {
  const { CullingEngine } = await import('../src-main/engine/engine.js');
  const { startApiServer } = await import('../src-main/api/rating-api.js');
  const engine = CullingEngine.open({ home, modelCacheDir: BENCH_MODEL_CACHE });
  const server = await startApiServer({ engine, port: 0 });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  process.stdin.resume();
  process.stdin.once('end', async () => {
    await server.close();
    await engine.close();
    process.exit(0);
  });
}

function peakRssMb(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((status) => Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024);
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function drive(requests: number): Promise<void> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'culler-api-bench-'));
  const catalog = Catalog.open(homeLayout(home).catalogFile);
  const { client, secret } = await new ApiClients(catalog.database).add({ name: 'bench', quota: null, requestsPerMinute: 1_000_000 });
  catalog.close();

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'api-load.ts'), '--serve', home], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const { url } = JSON.parse(await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    })) as { url: string };
    const base = `${url}/api/v1`;
    const token = ((await (await fetch(`${base}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: client.clientId, client_secret: secret }) })).json()) as { access_token: string }).access_token;

    const names = (await readdir(CORPUS_DIR)).filter((name) => /\.(jpe?g|png)$/i.test(name)).sort();
    const photos = await Promise.all(names.map(async (name) => ({ name, bytes: await readFile(path.join(CORPUS_DIR, name)) })));
    const idleRss = await peakRssMb(child.pid!);

    const latencies: number[] = [];
    const errors: string[] = [];
    let cached = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: requests }, async (_, index) => {
        const photo = photos[index % photos.length]!;
        const form = new FormData();
        form.append('file', new Blob([photo.bytes]), photo.name);
        const sent = performance.now();
        try {
          const response = await fetch(`${base}/rate`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
          const body = (await response.json()) as { cached?: boolean; error_code?: string };
          latencies.push(performance.now() - sent);
          if (response.status !== 200) errors.push(`${photo.name}: ${response.status} ${body.error_code}`);
          else if (body.cached) cached++;
        } catch (error) {
          errors.push(`${photo.name}: ${(error as Error).message}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    const peak = await peakRssMb(child.pid!);

    console.log(`POST /api/v1/rate × ${requests}, all at once, ${photos.length} distinct corpus photos (faces/), models on`);
    console.log(`errors:      ${errors.length}${errors.length ? `\n  ${errors.slice(0, 10).join('\n  ')}` : ''}`);
    console.log(`latency:     p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`);
    console.log(`throughput:  ${(requests / seconds).toFixed(1)} requests/s (${seconds.toFixed(2)} s in all; ${cached} answered from the catalog)`);
    console.log(`server RSS:  peak ${peak.toFixed(0)} MB (VmHWM; ${idleRss.toFixed(0)} MB before the load)`);
    process.exitCode = errors.length === 0 ? 0 : 1;
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(home, { recursive: true, force: true });
  }
}

// Last, so the helpers above are initialised before the top-level await runs them.
if (values.serve) await serve(values.serve);
else await drive(Number(values.requests));
