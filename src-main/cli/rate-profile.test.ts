import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../test-support/corpus.js';
import { CaptureStream as Capture } from '../../test-support/capture-stream.js';
import { main } from './culler.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(args, { stdout, stderr: stderr as unknown as NodeJS.WriteStream });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function home(): string {
  const folder = temporaryFolder();
  cleanup.push(folder.remove);
  return path.join(folder.dir, 'home');
}

const LANDSCAPE = corpusFile('camera', 'samsung-galaxy-note3.jpg');

describe('culler rate --profile', () => {
  it('judges a landscape as a landscape: no review for no face; the table shows the focus measure; portfolio by default', async () => {
    const dir = home();
    const portfolio = await run(['rate', LANDSCAPE, '--table', '--home', dir]);
    expect(portfolio.code).toBe(0);
    const [header, row] = portfolio.stdout.trim().split('\n');
    expect(header).toMatch(/ focus /);
    expect(header).not.toMatch(/sharp/);
    expect(row).toMatch(/ok \(no_face\); to review$/);
    expect(portfolio.stderr).toMatch(/judged as portfolio \(the library's profile/);

    const landscape = await run(['rate', LANDSCAPE, '--json', '--profile', 'landscape', '--home', dir]);
    expect(landscape.code).toBe(0);
    const result = JSON.parse(landscape.stdout) as { cached: boolean; needs_review: boolean; why: { profile: { id: string } } };
    expect(result).toMatchObject({ cached: true, needs_review: false, why: { profile: { id: 'landscape' } } });
    expect(landscape.stderr).toMatch(/judged as landscape\n/);

    const unknown = await run(['rate', LANDSCAPE, '--profile', 'street', '--home', dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/profile/);
  }, 120_000);
});
