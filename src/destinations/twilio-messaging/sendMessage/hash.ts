// A 128-bit non-cryptographic hash for duplicate-protection keys. The key only has to tell different requests
// apart and stay short (it is a stateContext key); nothing secret or personal is protected by it, so a
// cryptographic hash is not needed (and `createHash` is reserved in Segment's monorepo for PII hashing through
// actions-shared). Four 32-bit lanes, each taking its share of the UTF-16 code units and its neighbour's state
// after every block, crossed and avalanched at the end. Not made to resist a deliberate collision: an attacker would need
// to control two different messages of the same event (the messageId is part of the key).

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

/** Two hexadecimal digits per byte value: formatting a lane from a table avoids toString/padStart per lane. */
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

function hex32(value: number): string {
  return (
    HEX_BYTES[value >>> 24] +
    HEX_BYTES[(value >>> 16) & 0xff] +
    HEX_BYTES[(value >>> 8) & 0xff] +
    HEX_BYTES[value & 0xff]
  )
}

/** A word scrambled before it enters its lane (multiply, rotate, multiply), so nearby words land far apart. */
function scramble(word: number, multiplier: number, rotation: number, second: number): number {
  return Math.imul(rotl(Math.imul(word, multiplier), rotation), second)
}

/**
 * 32 hexadecimal characters. The text is read 8 UTF-16 code units at a time, as four 32-bit words of two units,
 * one word per lane, and after every block each lane takes in its neighbour's state (the structure of MurmurHash3's
 * x86 128-bit variant): a difference in one lane's words spreads to all four before the next block, so two texts
 * that differ only in one lane's words do not collide with a single lane's odds (2^-32). The last 0-7 units form a
 * padded block; the length and a final cross of the lanes (a bijection of the 128-bit state) end it.
 */
export function hash128(text: string): string {
  let [h1, h2, h3, h4] = LANE_SEEDS
  const [m1, m2, m3, m4] = LANE_MULTIPLIERS
  const length = text.length
  const blockEnd = length - (length % 8)
  let i = 0
  for (; i < blockEnd; i += 8) {
    h1 ^= scramble(text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16), m1, 15, m2)
    h1 = Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b
    h2 ^= scramble(text.charCodeAt(i + 2) | (text.charCodeAt(i + 3) << 16), m2, 16, m3)
    h2 = Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747
    h3 ^= scramble(text.charCodeAt(i + 4) | (text.charCodeAt(i + 5) << 16), m3, 17, m4)
    h3 = Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35
    h4 ^= scramble(text.charCodeAt(i + 6) | (text.charCodeAt(i + 7) << 16), m4, 18, m1)
    h4 = Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17
  }
  if (i < length) {
    // The last 1-7 units as a block padded with zeros (the length, folded in below, tells the padding apart): each
    // lane takes in its word once, so two different tails always leave different states.
    const unit = (at: number) => (at < length ? text.charCodeAt(at) : 0)
    h1 ^= scramble(unit(i) | (unit(i + 1) << 16), m1, 15, m2)
    h2 ^= scramble(unit(i + 2) | (unit(i + 3) << 16), m2, 16, m3)
    h3 ^= scramble(unit(i + 4) | (unit(i + 5) << 16), m3, 17, m4)
    h4 ^= scramble(unit(i + 6) | (unit(i + 7) << 16), m4, 18, m1)
  }
  // Fold the length in and cross the lanes so that each output word depends on all four.
  h1 ^= length
  h2 ^= length
  h3 ^= length
  h4 ^= length
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
  return hex32(h1 >>> 0) + hex32(h2 >>> 0) + hex32(h3 >>> 0) + hex32(h4 >>> 0)
}
