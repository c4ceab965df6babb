// Collision searches for the duplicate key's hash over hundreds of thousands of texts: seconds of CPU, so they run
// here rather than in the destination's folder (whose tests must stay fast in Segment's monorepo).
import { hash128 } from '../src/destinations/twilio-messaging/sendMessage/hash'

describe('hash128 over many texts', () => {
  it('has no collision among 300,000 texts that differ only in the words one lane reads', () => {
    // Units 0-1, 8-9, 16-17 and 24-25 are lane 1's words of four blocks. With lanes that meet only at the end, such
    // texts collide with a single lane's odds (2^-32): that version gave 11 pairs among these 300,000 texts.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
    const text = (n: number) => {
      let id = ''
      for (let block = 0; block < 4; block++, n = Math.floor(n / 3844)) {
        id += alphabet[n % 62] + alphabet[Math.floor(n / 62) % 62] + 'xxxxxx'
      }
      return `${id}4:Body2:Hi`
    }
    const seen = new Set<string>()
    // Distinct texts: n * 7919 stays below 62^8, so each n writes different units.
    for (let n = 0; n < 300_000; n++) seen.add(hash128(text(n * 7919)))
    expect(seen.size).toBe(300_000)
  }, 30_000)

  it('gives 100,000 distinct texts 100,000 distinct hashes', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 100_000; i++) seen.add(hash128(`msg-${i}|+1415555${i}`))
    expect(seen.size).toBe(100_000)
  })
})
