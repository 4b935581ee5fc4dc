import { setImmediate } from 'node:timers/promises';

/**
 * Lets timers and I/O run before the next synchronous pixel loop. The engine's analysis steps
 * are 1–15 ms of JavaScript each; chained through promise continuations across several photos in
 * flight they would otherwise hold the event loop for hundreds of milliseconds at a stretch.
 */
export function yieldToEventLoop(): Promise<void> {
  return setImmediate();
}
