import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CORPUS_FACE_COUNTS, corpusFile } from '../../../test-support/corpus.js';
import { useTestEngine } from '../../../test-support/test-engine.js';
import type { FileRating } from '../engine.js';

const engine = useTestEngine();

function rated(rating: FileRating): Extract<FileRating, { ok: true }>['result'] {
  if (!rating.ok) throw new Error(`${rating.error.code}: ${rating.error.message}`);
  return rating.result;
}

describe('faces on the corpus', () => {
  it.each(Object.entries(CORPUS_FACE_COUNTS))('%s has a face count in the README range %j', async (name, [min, max]) => {
    const result = rated(await engine().rateFile(corpusFile('faces', name)));
    expect(result.face_count).toBeGreaterThanOrEqual(min);
    expect(result.face_count).toBeLessThanOrEqual(max);
    expect(result.faces).toHaveLength(result.face_count!);
    expect(result.face_confidence).toBeGreaterThan(0.5);
    expect(result.quality.issues).not.toContain('no_face');
    for (const face of result.faces!) {
      expect(face.box.x).toBeGreaterThanOrEqual(0);
      expect(face.box.x + face.box.width).toBeLessThanOrEqual(result.quality.width + 0.1);
      expect(face.keypoints.map((point) => point.name)).toContain('left_eye');
    }
    expect(result.analyzers.find((analyzer) => analyzer.id === 'faces')).toMatchObject({ model: expect.stringContaining('blazeface-full-range@') });
  });

  it('puts the face where it is: obama.jpg has its face in the upper middle', async () => {
    const result = rated(await engine().rateFile(corpusFile('faces', 'obama.jpg')));
    const [face] = result.faces!;
    const centreX = (face!.box.x + face!.box.width / 2) / result.quality.width;
    const centreY = (face!.box.y + face!.box.height / 2) / result.quality.height;
    expect(centreX).toBeGreaterThan(0.3);
    expect(centreX).toBeLessThan(0.7);
    expect(centreY).toBeLessThan(0.6);
    expect(result.face_area_ratio).toBeGreaterThan(0.03);
  });

  it('finds no face in a landscape without people, and says so', async () => {
    const scene = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#6a8fb5' } })
      .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect y="500" width="1200" height="300" fill="#3d6b35"/><circle cx="900" cy="200" r="80" fill="#f5e08a"/></svg>') }])
      .jpeg()
      .toBuffer();
    const outcome = await engine().rateBytes(scene);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.result.face_count).toBe(0);
    expect(outcome.result.faces).toEqual([]);
    expect(outcome.result.face_confidence).toBeNull();
    expect(outcome.result.quality.issues).toContain('no_face');
  });
});
