#!/usr/bin/env node
// The `culler` command. Runs the built JavaScript in out/cli/ (scripts/build-cli.mjs; npm builds
// it on `npm ci` and `npm run build`) so the command starts at once. From a source checkout whose
// sources are newer than that build, or with no build, it runs the TypeScript sources through
// tsx's loader instead (about 1 s more at start), so it always runs the code that the tests test.
// CULLER_FROM_SOURCE=1 forces the sources.
import { readFileSync, statSync } from 'node:fs';

// Before anything touches the libuv threadpool: see src-main/engine/runtime-tuning.ts.
process.env.UV_THREADPOOL_SIZE ??= '8'; // DEFAULT_THREADPOOL_SIZE

const root = new URL('../', import.meta.url);

/** True when out/cli/ exists and no source it was built from changed since. */
function builtIsCurrent() {
  if (process.env.CULLER_FROM_SOURCE === '1') return false;
  let info;
  try {
    info = JSON.parse(readFileSync(new URL('out/cli/build-info.json', root), 'utf8'));
  } catch {
    return false;
  }
  for (const input of info.inputs) {
    try {
      if (statSync(new URL(input, root)).mtimeMs > info.builtAt) return false;
    } catch {
      return false; // a source was removed or renamed
    }
  }
  return true;
}

let main;
if (builtIsCurrent()) {
  ({ main } = await import('../out/cli/culler.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src-main/cli/culler.ts'));
}
process.exitCode = await main(process.argv.slice(2));
