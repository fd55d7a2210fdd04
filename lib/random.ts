// mulberry32: a tiny seeded PRNG (deterministic, so demo data and test failures reproduce).
// Not for anything secret.

/** Uniform 32-bit unsigned integers from `seed`. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform floats in [0, 1) from `seed`. */
export function seededRandom(seed: number): () => number {
  const u32 = mulberry32(seed);
  return () => u32() / 2 ** 32;
}
