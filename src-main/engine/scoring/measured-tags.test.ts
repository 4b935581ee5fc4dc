import { describe, expect, it } from 'vitest';
import type { DetectedFace } from '../../../src-preload/contract/rating-result.js';
import { qualityResult } from '../../../test-support/quality-result.js';
import { measuredTags, type MeasuredTag } from './measured-tags.js';

const quality = qualityResult();

const face = (x: number, score: number): DetectedFace => ({ box: { x, y: 400, width: 300, height: 300 }, score, keypoints: [], eyes: null });
const detected = (tag: string, confidence: number): MeasuredTag => ({ tag, confidence, because: `object detection: ${tag}` });
const peopleTags = (tags: MeasuredTag[]): string[] => tags.map((tag) => tag.tag).filter((tag) => ['1 person', 'duo', 'group'].includes(tag));

describe('measured tags', () => {
  // obama_and_biden.jpg: three faces (the girl at the edge) while object detection counts two people.
  // Both counts were tagged, "duo" and "group" on one photo: the larger count is the one seen.
  it('count people once: the largest count any witness measured', () => {
    const tags = measuredTags(quality, [face(100, 0.95), face(1000, 0.9), face(3000, 0.7)], [detected('duo', 0.79)]);
    expect(peopleTags(tags)).toEqual(['group']);
    expect(tags.find((tag) => tag.tag === 'group')?.because).toBe('3 faces');

    const fromDetection = measuredTags(quality, [face(100, 0.95)], [detected('duo', 0.8)]);
    expect(peopleTags(fromDetection)).toEqual(['duo']);

    const agreeing = measuredTags(quality, [face(100, 0.95), face(1000, 0.6)], [detected('duo', 0.88)]);
    expect(agreeing.filter((tag) => tag.tag === 'duo')).toEqual([expect.objectContaining({ confidence: 0.88 })]);
  });
});
