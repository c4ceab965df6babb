// The fast path must give google-libphonenumber's own answer wherever it gives one: the library judges, on numbers
// generated for every calling code it knows, every leading pair of digits and lengths around the possible ones.
import { fastE164 } from '../e164-fast-path'
import { parseE164 } from '../phone'
import { compareWithLibrary, libraryE164 } from './__helpers__/e164-library'
import { prng } from './__helpers__/prng'

describe('fastE164', () => {
  it('agrees with google-libphonenumber on every number it answers, for every calling code (a sample)', () => {
    // 2% of the generated numbers here; test/e164-fast-path-library.test.ts compares 15%.
    const { disagreements, answeredShare } = compareWithLibrary(0.02)
    expect(disagreements.slice(0, 20)).toEqual([])
    // The fast path answers most well-formed numbers (the rest go to the library).
    expect(answeredShare).toBeGreaterThan(0.6)
  })

  it('answers every North American number (+1, then 10 digits starting 2-9), as the library does', () => {
    const random = prng(1)
    for (let i = 0; i < 500; i++) {
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
