import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

// `culler serve` stops by awaiting engine.close() with nothing else left on the event loop. The
// analysis and model workers are unref'd while idle, so a close that waits for their 'closed'
// reply without holding the loop let Node exit mid-await (exit code 13, "unsettled top-level
// await") and the server's SIGTERM ended in failure. Reproduced in a process of its own: a test
// runner's loop always has something else on it.
it('an engine that rated on its worker threads closes and lets the process finish its own work', async () => {
  const folder = temporaryFolder();
  try {
    // tsx registered as bin/culler.mjs does it (--import tsx keeps a loader thread on the loop).
    const script = `
      const { register } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href)});
      register();
      const { CullingEngine } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'src-main', 'engine', 'engine.ts')).href)});
      const engine = CullingEngine.open({ home: ${JSON.stringify(path.join(folder.dir, 'home'))}, models: false, analysisThreads: 2 });
      const rated = await engine.rateFile(${JSON.stringify(corpusFile('faces', 'obama.jpg'))});
      await engine.close();
      console.log(rated.ok ? 'rated and closed' : 'failed: ' + rated.error.code);
    `;
    // A file, not --eval: the workers inherit the process's flags, and --input-type is not for them.
    const file = path.join(folder.dir, 'close-engine.mjs');
    writeFileSync(file, script);
    const { stdout } = await run(process.execPath, [file], { cwd: ROOT, timeout: 60_000 });
    expect(stdout.trim()).toBe('rated and closed');
  } finally {
    folder.remove();
  }
});
