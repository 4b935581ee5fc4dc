import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { DetectedFace } from '../../../src-preload/contract/rating-result.js';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';
import { useTestEngine } from '../../../test-support/test-engine.js';
import { burstGroups, type RatedPhoto } from './burst-groups.js';

/**
 * What a photographer tries first: copies of one frame — blurred, with the eyes closed, slightly
 * cropped — as separate files. They form one burst, and neither the blurred nor the blinking copy
 * is the best frame while a clean one exists. Closed eyes are painted lids (as in
 * faces/eyes-closed.test.ts: the corpus has only open eyes).
 */
const engine = useTestEngine();
const folder = temporaryFolder();
afterAll(folder.remove);

async function closeEyes(bytes: Buffer, face: DetectedFace, width: number, height: number): Promise<Buffer> {
  const eyeWidth = face.box.width * 0.22;
  const nose = face.keypoints[2]!;
  const { data } = await sharp(bytes).extract({ left: Math.round(nose.x) - 2, top: Math.round(nose.y) - 2, width: 4, height: 4 }).raw().toBuffer({ resolveWithObject: true });
  const skin = `rgb(${data[0]},${data[1]},${data[2]})`;
  const lid = ({ x, y }: { x: number; y: number }): string =>
    `<ellipse cx="${x}" cy="${y}" rx="${eyeWidth / 2}" ry="${eyeWidth / 3.2}" fill="${skin}"/>` +
    `<path d="M ${x - eyeWidth / 2} ${y + eyeWidth / 12} Q ${x} ${y + eyeWidth / 5} ${x + eyeWidth / 2} ${y + eyeWidth / 12}" stroke="rgb(40,25,20)" stroke-width="${Math.max(2, eyeWidth / 18)}" fill="none"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${face.keypoints.slice(0, 2).map(lid).join('')}</svg>`;
  return sharp(bytes).composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 92 }).toBuffer();
}

describe('copies of one frame', () => {
  it('group together, and the blurred or blinking copy is never the best', async () => {
    const original = readFileSync(corpusFile('faces', 'obama.jpg'));
    const first = await engine().rateBytes(original);
    if (!first.ok || !first.result.faces?.[0]) throw new Error('obama.jpg should rate with a face');
    const { width, height } = first.result.quality;
    const copies: Record<string, Buffer> = {
      '1-original.jpg': original,
      '2-blurred.jpg': await sharp(original).blur(5).jpeg({ quality: 92 }).toBuffer(),
      '3-blink.jpg': await closeEyes(original, first.result.faces[0], width, height),
      '4-cropped.jpg': await sharp(original).extract({ left: Math.round(width * 0.02), top: Math.round(height * 0.02), width: Math.round(width * 0.96), height: Math.round(height * 0.96) }).jpeg({ quality: 92 }).toBuffer(),
    };
    const files = Object.entries(copies).map(([name, bytes]) => {
      const file = path.join(folder.dir, name);
      writeFileSync(file, bytes);
      return file;
    });
    const rated: RatedPhoto[] = (await engine().rateFiles(files, () => {})).map((rating) => {
      if (!rating.ok) throw new Error(rating.error.message);
      return { key: path.basename(rating.path), path: rating.path, result: rating.result };
    });
    const groups = burstGroups(rated);
    console.log(groups.map((group) => `[${group.keys.join(' ')}] best ${group.best}: ${group.reason}`).join('\n'));
    expect(groups).toHaveLength(1);
    const [burst] = groups;
    expect(['1-original.jpg', '4-cropped.jpg']).toContain(burst!.best);
    expect(burst!.ranked.slice(-2).sort()).toEqual(['2-blurred.jpg', '3-blink.jpg']);
    expect(burst!.reason).toContain('frame 2 is blurred');
    expect(burst!.reason).toContain('frame 3 blinks');
  }, 180_000);
});
