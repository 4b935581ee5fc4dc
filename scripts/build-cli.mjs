#!/usr/bin/env node
// Builds the `culler` command (rate, models, clients, serve) and the model worker it starts into
// out/cli/ as plain JavaScript, so the command starts without compiling TypeScript (tsx needs
// ~1 s for that at every start). npm runs this on `npm ci` / `npm install` (the `prepare` script)
// and `npm run build` runs it after electron-vite. bin/culler.mjs runs out/cli/ while it is newer
// than every source file it was built from (out/cli/build-info.json lists them), else the
// TypeScript sources through tsx, so an edited checkout never runs stale code.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'out/cli');

let esbuild;
try {
  // esbuild is a dependency of tsx, which the CLI needs anyway.
  esbuild = await import('esbuild');
} catch {
  console.warn('culler: esbuild is not installed; the CLI will run from the TypeScript sources');
  process.exit(0);
}

const startedAt = Date.now();
rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: root,
  // Entry names matter: the engine finds its workers as ./model-worker.js, ./analysis-worker.js and ./learning-worker.js
  // beside its own module.
  entryPoints: {
    culler: 'src-main/cli/culler.ts',
    'model-worker': 'src-main/engine/models/model-worker.ts',
    'analysis-worker': 'src-main/engine/rating/analysis-worker.ts',
    'learning-worker': 'src-main/engine/learning/learning-worker.ts',
  },
  outdir,
  bundle: true,
  // Lazily imported commands become chunks, so `culler --version` loads almost nothing. Chunks
  // sit beside the entries (not in a sub-folder): modules find files relative to import.meta.url.
  splitting: true,
  chunkNames: '[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Every npm package (native ones above all) loads from node_modules at run time.
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});

// Files the bundled modules read by path relative to themselves.
copyFileSync(path.join(root, 'src-main/engine/image/heic-decode.worker.mjs'), path.join(outdir, 'heic-decode.worker.mjs'));
mkdirSync(path.join(outdir, 'docs-assets'), { recursive: true });
for (const name of ['swagger-init.js', 'redoc-init.js']) {
  copyFileSync(path.join(root, 'src-main/api/docs-assets', name), path.join(outdir, 'docs-assets', name));
}

const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'));
inputs.push('src-main/engine/image/heic-decode.worker.mjs', 'package.json');
// builtAt is taken before the build started: a source saved during the build counts as newer.
writeFileSync(path.join(outdir, 'build-info.json'), `${JSON.stringify({ builtAt: startedAt, inputs }, null, 1)}\n`);
console.log(`culler: built the CLI into out/cli/ (${inputs.length} sources, ${Date.now() - startedAt} ms)`);
