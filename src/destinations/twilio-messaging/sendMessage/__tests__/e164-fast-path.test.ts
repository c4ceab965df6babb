// The fast path must give google-libphonenumber's own answer wherever it gives one: the library judges, on numbers
// generated for every calling code it knows, every leading pair of digits and lengths around the possible ones.
import { PhoneNumberFormat, PhoneNumberUtil } from 'google-libphonenumber'
import { fastE164 } from '../e164-fast-path'
import { parseE164 } from '../phone'

const phoneUtil = PhoneNumberUtil.getInstance()
/** Every calling code the library knows (public in its API, missing from @types/google-libphonenumber). */
const callingCodes = (phoneUtil as unknown as { getSupportedCallingCodes(): number[] }).getSupportedCallingCodes()

/** What the library says: the E.164 form of a possible number, or false. */
function libraryE164(raw: string): string | false {
  try {
    const number = phoneUtil.parse(raw, undefined)
    if (phoneUtil.isPossibleNumberWithReason(number) !== PhoneNumberUtil.ValidationResult.IS_POSSIBLE) return false
    return phoneUtil.format(number, PhoneNumberFormat.E164)
  } catch {
    return false
  }
}

/** A small seeded PRNG (mulberry32), so a failure names a reproducible number. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('fastE164', () => {
  it('agrees with google-libphonenumber on every number it answers, for every calling code', () => {
    const random = prng(13)
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('')
    let answered = 0
    let total = 0
    const disagreements: string[] = []
    for (const code of callingCodes) {
      for (let lead = 0; lead < 100; lead++) {
        for (let length = 3; length <= 15 - String(code).length + 1; length++) {
          if (random() > 0.15) continue
          const raw = `+${code}${String(lead).padStart(2, '0')}${digits(Math.max(0, length - 2))}`
          const fast = fastE164(raw)
          total++
          if (fast === undefined) continue
          answered++
          const library = libraryE164(raw)
          if (fast !== library) disagreements.push(`${raw}: fast ${fast}, library ${library}`)
        }
      }
    }
    expect(disagreements.slice(0, 20)).toEqual([])
    // The fast path answers most well-formed numbers (the rest go to the library).
    expect(answered / total).toBeGreaterThan(0.6)
  })

  it('answers every North American number (+1, then 10 digits starting 2-9), as the library does', () => {
    const random = prng(1)
    for (let i = 0; i < 3000; i++) {
      const raw = `+1${2 + Math.floor(random() * 8)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`
      expect([raw, fastE164(raw)]).toEqual([raw, libraryE164(raw)])
    }
    // A national number starting with 1 (the US national prefix) is left to the library, which may strip it.
    expect(fastE164('+11389335833')).toBeUndefined()
    expect(fastE164('+14155552671')).toBe('+14155552671')
    expect(fastE164('+1415555267')).toBe(false)
  })

  it('leaves other shapes to the library', () => {
    for (const raw of ['14155552671', '+1 415 555 2671', '+1-415-555-2671', '+0123456789', '+44 07911 123456', 'abc']) {
      expect(fastE164(raw)).toBeUndefined()
    }
    // A UK number written with its national prefix after +44: the library strips the 0.
    expect(fastE164('+4407911123456')).toBeUndefined()
    expect(parseE164('+4407911123456', undefined)).toBe(libraryE164('+4407911123456'))
  })
})
