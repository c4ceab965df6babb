// A small seeded pseudo-random generator for tests: every run with one seed draws alike.

/** A small seeded PRNG (mulberry32), so a failure names a reproducible number and a simulation repeats. */
export function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
