import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureStream as Capture } from '../../test-support/capture-stream.js';
import { temporaryFolder } from '../../test-support/corpus.js';
import { main } from './culler.js';

/** README's first command works on any clone: the sample photos ship with the project. */
const SAMPLES = path.resolve(import.meta.dirname, '../../samples');
let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

describe('culler rate samples --table', () => {
  it('rates every sample photo, skipping the licence and the README', async () => {
    const folder = temporaryFolder();
    cleanup.push(folder.remove);
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await main(['rate', SAMPLES, '--table', '--no-models', '--home', path.join(folder.dir, 'home')], {
      stdout,
      stderr: stderr as unknown as NodeJS.WriteStream,
    });
    expect(code).toBe(0);
    const rows = stdout.text.trim().split('\n').slice(1);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual([
      'alex-lacamoire.png',
      'biden.jpg',
      'john1.jpeg',
      'kit_with_rose.jpg',
      'obama-240p.jpg',
      'obama.jpg',
      'two_people.jpg',
    ]);
    expect(stderr.text).toContain('rated 7 photos, 0 failed');
    expect(stderr.text).toContain('2 non-image files skipped');
  }, 60_000);
});
