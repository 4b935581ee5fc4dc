import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, SHARED_MODEL_CACHE, temporaryFolder } from '../../test-support/corpus.js';

// The built CLI (out/cli/, what `npm ci` and `npm run build` make) must find its worker threads and
// runtime files from the bundled layout, not only from the TypeScript sources the other tests run.
const root = path.resolve(import.meta.dirname, '../..');
const folder = temporaryFolder();

/** Runs the built CLI's main() in a fresh Node, without tsx (a script file: workers inherit execArgv). */
function runBuilt(args: string[]): { stdout: string; stderr: string; code: number | null } {
  const script = path.join(folder.dir, 'run-built.mjs');
  const entry = pathToFileURL(path.join(root, 'out/cli/culler.js')).href;
  writeFileSync(script, `import { main } from ${JSON.stringify(entry)};\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  const run = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' });
  return { stdout: run.stdout, stderr: run.stderr, code: run.status };
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, stdio: 'ignore' });
}, 60_000);
afterAll(() => folder.remove());

describe('the built CLI', () => {
  // Each worker the engine starts from source through a `<name>-bootstrap.mjs` it starts from the
  // build as `<name>.js` beside culler.js (the learning worker was once left out of the build).
  it('holds every worker thread the engine starts', () => {
    const engine = path.join(root, 'src-main/engine');
    const workers = readdirSync(engine, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('-worker-bootstrap.mjs'))
      .map((file) => path.basename(file).replace('-bootstrap.mjs', ''));
    expect(workers.length).toBeGreaterThanOrEqual(3);
    expect(workers.filter((worker) => !existsSync(path.join(root, 'out/cli', `${worker}.js`)))).toEqual([]);
  });

  it('prints its version', () => {
    const { stdout, code } = runBuilt(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rates a JPEG with the models on the model worker and a HEIC on the HEIC worker', () => {
    const dir = path.join(folder.dir, 'shoot');
    mkdirSync(dir, { recursive: true });
    copyFileSync(corpusFile('faces', 'obama.jpg'), path.join(dir, 'obama.jpg'));
    copyFileSync(corpusFile('heif', 'example.heic'), path.join(dir, 'example.heic'));
    const home = path.join(folder.dir, 'home');
    // Converted models are shared by the test run (see SHARED_MODEL_CACHE).
    mkdirSync(path.join(home, 'models'), { recursive: true });
    mkdirSync(SHARED_MODEL_CACHE, { recursive: true });
    symlinkSync(SHARED_MODEL_CACHE, path.join(home, 'models', 'converted'));
    const { stdout, stderr, code } = runBuilt(['rate', dir, '--home', home, '--json', '--no-progress']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/models: faces \+ eyes \+ content \+ body \+ objects on cpu/);
    const results = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { file: string; face_count: number | null });
    expect(results.map((result) => path.basename(result.file)).sort()).toEqual(['example.heic', 'obama.jpg']);
    expect(results.find((result) => result.file.endsWith('obama.jpg'))!.face_count).toBe(1);
  }, 120_000);
});
