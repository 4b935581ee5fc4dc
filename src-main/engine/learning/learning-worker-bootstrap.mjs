// Starts the learning worker from TypeScript sources (under tsx or vitest): loader hooks given to a
// worker through execArgv do not reach it on Node 20, so register tsx here, then load the worker.
// A built app (electron-vite) starts the compiled learning-worker.js directly instead.
import { register } from 'tsx/esm/api';

register();
await import('./learning-worker.ts');
