import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../test-support/corpus.js';
import { runCli, type CliRun } from '../../test-support/run-cli.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

const run = (args: string[]): Promise<CliRun> => runCli(args);

function home(): string {
  const folder = temporaryFolder();
  cleanup.push(folder.remove);
  return path.join(folder.dir, 'home');
}

describe('culler group', () => {
  it('prints one JSON object per burst with its files, best frame and reason; singles are groups of one', async () => {
    const { code, stdout, stderr } = await run(['group', corpusFile('bursts'), '--json', '--home', home(), '--no-models']);
    expect(code).toBe(0);
    const groups = stdout.trim().split('\n').map((line) => JSON.parse(line) as { group: number; files: string[]; best: string; reason: string });
    const names = groups.map((group) => group.files.map((file) => path.basename(file).replace(/-\d\.jpg$/, '')));
    expect(names.map((members) => `${members[0]}×${members.length}`).sort()).toEqual(
      ['cockatoo-b×3', 'cockatoo-c×3', 'cockatoo-d×3', 'cockatoo-single-closeup.jpg×1', 'cockatoo-single-motionblur.jpg×1', 'd70s-series×4'].sort(),
    );
    for (const group of groups) {
      expect(group.files).toContain(group.best);
      expect(group.reason.length).toBeGreaterThan(5);
    }
    expect(stderr).toContain('6 groups, 4 of two or more frames, 0 failed');
  }, 120_000);

  it('adds the group field to each result of `culler rate --group`', async () => {
    const files = ['cockatoo-b-1.jpg', 'cockatoo-b-2.jpg', 'cockatoo-c-1.jpg'].map((name) => corpusFile('bursts', name));
    const { code, stdout } = await run(['rate', ...files, '--group', '--home', home(), '--no-models']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => [path.basename(line.file), line.group.size])).toEqual([['cockatoo-b-1.jpg', 2], ['cockatoo-b-2.jpg', 2], ['cockatoo-c-1.jpg', 1]]);
    expect(lines[0].group.id).toBe(lines[1].group.id);
    expect(lines.filter((line) => line.group.best)).toHaveLength(2);
    expect(lines[2].group).toMatchObject({ rank: 1, best: true, reason: 'a single frame' });
  }, 120_000);

  it('`culler rate --json` without --group carries group: null and says how to get it', async () => {
    const { code, stdout } = await run(['rate', corpusFile('bursts', 'cockatoo-b-1.jpg'), '--json', '--home', home(), '--no-models']);
    expect(code).toBe(0);
    const line = JSON.parse(stdout.trim()) as { group: unknown; unavailable: Array<{ field: string; reason: string }> };
    expect(line.group).toBeNull();
    expect(line.unavailable).toContainEqual({ field: 'group', reason: expect.stringMatching(/--group/) });
  }, 120_000);

  it('refuses to run without inputs (usage error)', async () => {
    expect((await run(['group'])).code).toBe(2);
  });
});
