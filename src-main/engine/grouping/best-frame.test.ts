import { describe, expect, it } from 'vitest';
import { chooseBest, type FrameFacts } from './best-frame.js';

const frame = (overrides: Partial<FrameFacts>): FrameFacts => ({
  facesWithEyes: 1,
  blinking: 0,
  sharpness: 60,
  blurry: false,
  faceSharpness: 30,
  expression: null,
  score: 70,
  ...overrides,
});

describe('the best frame of a burst', () => {
  it('never picks a blinking frame while one with open eyes exists, even when it is sharper and scores higher', () => {
    const best = chooseBest([frame({}), frame({ blinking: 1, faceSharpness: 45, score: 90 })]);
    expect(best.order[0]).toBe(0);
    expect(best.reason).toBe('Frame 1: the only frame without a blink or blur; frame 2 blinks.');
  });

  it('never picks a motion-blurred frame while a clean one exists', () => {
    const best = chooseBest([frame({ sharpness: 20, faceSharpness: 12, score: 95 }), frame({ sharpness: 70, score: 60 }), frame({ blurry: true, score: 99 })]);
    expect(best.order[0]).toBe(1);
    expect(best.reason).toContain('frame 1 is blurred');
    expect(best.reason).toContain('frame 3 is blurred');
  });

  it('prefers the sharper main face, then the expression, then the score, and says which decided', () => {
    expect(chooseBest([frame({ faceSharpness: 30 }), frame({ faceSharpness: 40 })]).reason).toBe(
      'Frame 2: every eye open; sharpest eyes (face sharpness 40 against 30).',
    );
    expect(chooseBest([frame({ expression: 6 }), frame({ expression: 8 })]).reason).toContain('best expression (8 against 6)');
    expect(chooseBest([frame({ score: 71 }), frame({ score: 80 })]).reason).toContain('highest score (80 against 71)');
  });

  it('breaks a tie visibly: the earlier frame, and the sentence says it was a tie', () => {
    const best = chooseBest([frame({}), frame({}), frame({ blinking: 1 })]);
    expect(best.order).toEqual([0, 1, 2]);
    expect(best.reason).toBe('Frame 1: ties with frame 2 on eyes, sharpness and score; the earlier frame wins; frame 3 blinks.');
  });

  it('still ranks a burst where every frame blinks, by fewest closed eyes', () => {
    const best = chooseBest([frame({ facesWithEyes: 2, blinking: 2 }), frame({ facesWithEyes: 2, blinking: 1 })]);
    expect(best.order[0]).toBe(1);
    expect(best.reason).toContain('fewest closed eyes (1)');
  });
});
