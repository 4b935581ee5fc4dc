import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../test-support/corpus.js';
import { CaptureStream as Capture } from '../../test-support/capture-stream.js';
import { CullingEngine } from '../engine/engine.js';
import { runServe } from './serve-command.js';

let cleanup: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('culler serve --profile', () => {
  it("sets the library's profile (saved, as the app's settings do) and says which one the API uses", async () => {
    const folder = temporaryFolder();
    cleanup.push(folder.remove);
    const home = path.join(folder.dir, 'home');
    const stdout = new Capture();
    const stderr = new Capture();
    const stop = new AbortController();
    const served = runServe(['--home', home, '--port', '0', '--no-ui', '--no-models', '--profile', 'wedding'], { stdout, stderr: stderr as unknown as NodeJS.WriteStream }, stop.signal);
    const deadline = Date.now() + 60_000;
    while (!stdout.text.includes('profile:') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    stop.abort();
    expect(await served).toBe(0);
    expect(stdout.text).toMatch(/profile:\s+wedding \(the library's; the API judges as portfolio unless a request says \?profile=\)/);

    const engine = CullingEngine.open({ home, models: false });
    cleanup.push(() => engine.close());
    expect(engine.profile).toBe('wedding');

    const bad = await runServe(['--home', home, '--profile', 'street'], { stdout: new Capture(), stderr: new Capture() as unknown as NodeJS.WriteStream });
    expect(bad).toBe(2);
  }, 90_000);
});
