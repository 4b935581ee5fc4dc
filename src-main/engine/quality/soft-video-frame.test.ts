import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';
import { CullingEngine } from '../engine.js';

let cleanup: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/**
 * lin-manuel-miranda.png (704×612) is a frame from a video: compression smooths the skin and hair,
 * the curtain behind is out of focus, but looked at 100 % the eyes are in focus (catchlights, the
 * iris edge and the lids are crisp). "blurry" was wrong before the focus rework; "ok" is the
 * verdict a photographer gives it, and this locks it in.
 */
describe('a soft video frame whose face is in focus', () => {
  it('lin-manuel-miranda.png is ok: not blurry, face and eyes sharp enough', async () => {
    const folder = temporaryFolder();
    cleanup.push(folder.remove);
    const engine = CullingEngine.open({ home: path.join(folder.dir, 'home'), analysisThreads: 0 });
    cleanup.push(() => engine.close());
    const rating = await engine.rateFile(corpusFile('faces', 'lin-manuel-miranda.png'));
    if (!rating.ok) throw new Error(rating.error.message);
    const { quality, face_count: faces } = rating.result;
    expect(faces).toBe(1);
    expect(quality.issues).not.toContain('blurry');
    expect(quality.issues).not.toContain('soft_focus');
    expect(quality.issues).not.toContain('eyes_not_sharp');
    expect(quality.is_acceptable).toBe(true);
    // The face carries the focus: measured at full resolution, it is sharper than the frame as a whole.
    expect(quality.subject!.face_focus!).toBeGreaterThan(quality.focus!.focus);
  }, 120_000);
});
