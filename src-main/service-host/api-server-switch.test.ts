import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { ApiServerSwitch } from './api-server-switch.js';

/** A real listening server stands in for the rating API: the switch only starts and stops it. */
async function listen(host: string, port: number) {
  const server = http.createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as { port: number };
  return { url: `http://${host}:${address.port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('ApiServerSwitch', () => {
  it('starts, moves and stops the server, and reports a taken port as a status', async () => {
    const taken = await listen('127.0.0.1', 0);
    const takenPort = Number(new URL(taken.url).port);
    const apiSwitch = new ApiServerSwitch((settings) => listen(settings.host, settings.port));
    expect(apiSwitch.status()).toEqual({ running: false, url: null, error: null });

    const started = await apiSwitch.apply({ enabled: true, host: '127.0.0.1', port: 0 });
    expect(started.running).toBe(true);
    expect(await (await fetch(started.url!)).text()).toBe('ok');

    const clash = await apiSwitch.apply({ enabled: true, host: '127.0.0.1', port: takenPort });
    expect(clash.running).toBe(false);
    expect(clash.error).toMatch(/could not start on 127\.0\.0\.1:\d+: .*EADDRINUSE/);

    const stopped = await apiSwitch.apply({ enabled: false, host: '127.0.0.1', port: 0 });
    expect(stopped).toEqual({ running: false, url: null, error: null });
    await expect(fetch(started.url!)).rejects.toThrow();
    await taken.close();
  });
});
