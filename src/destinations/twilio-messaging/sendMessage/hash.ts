// A 128-bit non-cryptographic hash for duplicate-protection keys. The key only has to tell different requests
// apart and stay short (it is a stateContext key); nothing secret or personal is protected by it, so a
// cryptographic hash is not needed (and `createHash` is reserved in Segment's monorepo for PII hashing through
// actions-shared). Four 32-bit lanes, each a multiply-rotate over the UTF-16 code units with its own constants,
// crossed and avalanched at the end. Not made to resist a deliberate collision: an attacker would need to control
// two different messages of the same event (the messageId is part of the key).

// Odd, so no lane loses state bits in its multiplications.
const LANE_MULTIPLIERS = [0x85ebca6b, 0xcc9e2d51, 0x1b873593, 0xe6546b65]
const LANE_SEEDS = [0x9e3779b1, 0x7f4a7c15, 0x94d049bb, 0x2545f491]

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits))
}

/** Murmur3's finaliser: every input bit affects every output bit. */
function avalanche(value: number): number {
  let h = value
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** 32 hexadecimal characters. */
export function hash128(text: string): string {
  let [h1, h2, h3, h4] = LANE_SEEDS
  const [m1, m2, m3, m4] = LANE_MULTIPLIERS
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    h1 = Math.imul(rotl(h1 ^ unit, 13), m1) + 0x52dce729
    h2 = Math.imul(rotl(h2 ^ unit, 15), m2) + 0x38495ab5
    h3 = Math.imul(rotl(h3 ^ unit, 17), m3) + 0x561ccd1b
    h4 = Math.imul(rotl(h4 ^ unit, 19), m4) + 0x0bcaa747
  }
  // Fold the length in and cross the lanes so that each output word depends on all four.
  h1 ^= text.length
  h1 += h2 + h3 + h4
  h2 += h1
  h3 += h1
  h4 += h1
  h1 = avalanche(h1)
  h2 = avalanche(h2)
  h3 = avalanche(h3)
  h4 = avalanche(h4)
  h1 += h2 + h3 + h4
  h2 += h1
  h3 += h1
  h4 += h1
  return [h1, h2, h3, h4].map((lane) => (lane >>> 0).toString(16).padStart(8, '0')).join('')
}
