import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LearningStatus } from '../../src-preload/contract/library-types.js';
import { temporaryFolder } from '../../test-support/corpus.js';
import { runCli, type CliRun } from '../../test-support/run-cli.js';
import { iqaPhotos } from '../../test-support/degraded-variants.js';
import { CullingEngine } from '../engine/engine.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

const run = (args: string[]): Promise<CliRun> => runCli(['learn', ...args]);

describe('culler learn', () => {
  it('prints the state, trains (and says why it did not adopt), resets, and refuses an unknown version', async () => {
    const folder = temporaryFolder();
    cleanup.push(folder.remove);
    const home = path.join(folder.dir, 'home');
    // A few real ratings and the user's thumbs on them, through the CLI's feedback source.
    const engine = CullingEngine.open({ home, models: false, aiPack: false });
    for (const [index, file] of iqaPhotos(6).entries()) {
      const rated = await engine.rateFile(file);
      if (!rated.ok) throw new Error(rated.error.message);
      engine.catalog.addFeedback({ imageHash: rated.result.image_hash, source: 'cli', thumbs: index % 2 === 0 ? 1 : -1 });
    }
    await engine.close();

    const status = await run(['status', '--home', home]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Personal model: none — the built-in gate decides/);
    expect(status.stdout).toMatch(/Decisions learned from: 6 photos/);

    const trained = await run(['train', '--json', '--home', home]);
    expect(trained.code).toBe(0);
    const answer = JSON.parse(trained.stdout) as { outcome: string; adopted: boolean; status: LearningStatus };
    expect(answer.adopted).toBe(false);
    expect(answer.outcome).toMatch(/^not trained: needs 12 training decisions/);
    expect(answer.status).toMatchObject({ activeVersion: null, decisions: 6, training: false, lastTraining: { outcome: answer.outcome } });

    expect((await run(['reset', '--home', home])).stdout).toMatch(/built-in gate decides/);
    const unknown = await run(['rollback', '7', '--home', home]);
    expect(unknown).toMatchObject({ code: 1, stderr: 'culler learn: there is no version 7\n' });
    expect((await run(['rollback', 'latest', '--home', home])).code).toBe(2);
  }, 60_000);
});
