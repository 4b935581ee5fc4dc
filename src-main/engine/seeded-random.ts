/**
 * mulberry32: a small, fast pseudo-random generator that gives the same numbers everywhere, for
 * what must be repeatable (the learning's bootstrap and golden split, benchmark libraries, test
 * inputs). Numbers are in [0, 1). Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same generator, spread over [−1, 1) (test tensors, stand-in weights). */
export function seededSigned(seed: number): () => number {
  const next = seededRandom(seed);
  return () => next() * 2 - 1;
}
