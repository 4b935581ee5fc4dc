#!/usr/bin/env node
// The `culler` command. Runs the TypeScript engine through tsx's loader, so the CLI needs no
// build step and always runs the code that the tests test.

// Before anything touches the libuv threadpool: see src-main/engine/runtime-tuning.ts.
process.env.UV_THREADPOOL_SIZE ??= '8'; // DEFAULT_THREADPOOL_SIZE

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src-main/cli/culler.ts');
process.exitCode = await main(process.argv.slice(2));
