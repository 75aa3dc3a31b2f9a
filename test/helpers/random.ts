/** A small seeded PRNG (mulberry32): reproducible "random" test data, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` deterministic unit vectors (a Park–Miller generator from `seed`): picture data without a model. */
export function unitVectors(count: number, seed = 1, dim = 384): Float32Array[] {
  let s = seed;
  const next = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dim }, next);
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
}
