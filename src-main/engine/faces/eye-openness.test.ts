import { describe, expect, it } from 'vitest';
import { CLOSED_EYE_RATIO, EYE_LANDMARKS, eyeAspectRatio, eyeOpenness, type Landmark } from './eye-openness.js';

/** 468 landmarks with two eyes drawn as hexagons of the given height over a 30 px width. */
function face(openLeft: number, openRight: number, rotation = 0): Landmark[] {
  const landmarks: Landmark[] = Array.from({ length: 468 }, () => ({ x: 0, y: 0 }));
  const place = (indices: readonly number[], centreX: number, gap: number): void => {
    const [p1, p2, p3, p4, p5, p6] = indices;
    const points: Array<[number, number, number]> = [
      [p1!, -15, 0],
      [p2!, -5, -gap / 2],
      [p3!, 5, -gap / 2],
      [p4!, 15, 0],
      [p5!, 5, gap / 2],
      [p6!, -5, gap / 2],
    ];
    for (const [index, dx, dy] of points) {
      const x = centreX + dx;
      landmarks[index] = { x: x * Math.cos(rotation) - dy * Math.sin(rotation), y: x * Math.sin(rotation) + dy * Math.cos(rotation) };
    }
  };
  place(EYE_LANDMARKS.right, -30, openRight);
  place(EYE_LANDMARKS.left, 30, openLeft);
  return landmarks;
}

describe('eye aspect ratio', () => {
  it('is the lid gap over the eye width', () => {
    expect(eyeAspectRatio(face(9, 9), EYE_LANDMARKS.left)).toBeCloseTo(9 / 30, 6);
  });

  it('does not change with the face turning in the picture plane', () => {
    expect(eyeAspectRatio(face(9, 9, 0.7), EYE_LANDMARKS.left)).toBeCloseTo(9 / 30, 6);
  });

  it('calls both eyes shut closed, a wink not', () => {
    expect(eyeOpenness(face(9, 9)).closed).toBe(false);
    expect(eyeOpenness(face(2, 2)).closed).toBe(true);
    expect(eyeOpenness(face(2, 9)).closed).toBe(false);
    expect(eyeOpenness(face(30 * CLOSED_EYE_RATIO + 0.3, 30 * CLOSED_EYE_RATIO + 0.3)).closed).toBe(false);
  });
});
