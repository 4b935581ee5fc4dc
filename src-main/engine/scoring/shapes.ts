/** Linear ramp: 0 at `zeroAt`, 1 at `fullAt` (either order), clamped. */
export function ramp(value: number, zeroAt: number, fullAt: number): number {
  if (zeroAt === fullAt) return value >= fullAt ? 1 : 0;
  return Math.min(1, Math.max(0, (value - zeroAt) / (fullAt - zeroAt)));
}

/** Trapezoid: 0 at or outside `lowZero`/`highZero`, 1 between `lowFull` and `highFull`. */
export function tent(value: number, lowZero: number, lowFull: number, highFull: number, highZero: number): number {
  if (value < lowFull) return ramp(value, lowZero, lowFull);
  if (value > highFull) return ramp(value, highZero, highFull);
  return 1;
}

export const round1 = (value: number): number => Math.round(value * 10) / 10;
export const round3 = (value: number): number => Math.round(value * 1000) / 1000;
