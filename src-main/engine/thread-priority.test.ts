import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile, SHARED_MODEL_CACHE, temporaryFolder } from '../../test-support/corpus.js';
import { CullingEngine } from './engine.js';
import { BACKGROUND_NICENESS } from './thread-priority.js';

let cleanup: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Nice value of each thread of this process, by thread id (Linux: field 19 of /proc/<pid>/task/<tid>/stat). */
function threadNiceness(): Map<number, number> {
  const values = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    values.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return values;
}

async function rateWith(background: boolean): Promise<Map<number, number>> {
  const folder = temporaryFolder();
  const engine = CullingEngine.open({ home: path.join(folder.dir, 'home'), modelCacheDir: SHARED_MODEL_CACHE, analysisThreads: 1, background });
  cleanup.push(folder.remove, () => engine.close());
  const [rating] = await engine.rateFiles([corpusFile('faces', 'obama.jpg')], () => {});
  expect(rating!.ok && rating!.result.face_count).toBe(1);
  // Read while the engine's analysis and model threads are still alive.
  return threadNiceness();
}

describe.runIf(process.platform === 'linux')('an engine hosting a server or window', () => {
  it('runs its analysis and model threads below the hosting thread, which keeps its priority; the command line engine lowers nothing', async () => {
    const base = threadNiceness().get(process.pid)!;
    const lowered = Math.min(19, base + BACKGROUND_NICENESS);

    // The command line's engine first: a lowered thread can leave helpers behind (a libvips
    // thread it started lives on in the process's pool), which would blur this half.
    const foreground = await rateWith(false);
    expect([...foreground.values()].every((value) => value === base)).toBe(true);
    for (const step of cleanup.reverse()) await step();
    cleanup = [];

    const background = await rateWith(true);
    expect(background.get(process.pid)).toBe(base);
    // One analysis worker and the model worker (each a thread; ONNX Runtime may add its own).
    expect([...background.values()].filter((value) => value === lowered).length).toBeGreaterThanOrEqual(base === 19 ? 0 : 2);
  }, 180_000);
});
