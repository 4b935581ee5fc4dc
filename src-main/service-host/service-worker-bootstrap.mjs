// Starts the service worker from TypeScript sources (under tsx or vitest): loader hooks given to a
// worker through execArgv do not reach it on Node 20, so register tsx here, then load the worker.
// The built desktop app starts the compiled service-worker.js directly instead.
import { register } from 'tsx/esm/api';

register();
await import('./service-worker.ts');
