// The fast path against google-libphonenumber: the library's own answer for an E.164 text, and numbers generated for
// every calling code it knows. Shared by the folder's test (a sample) and test/e164-fast-path-library.test.ts (many).
import { PhoneNumberFormat, PhoneNumberUtil } from 'google-libphonenumber'
import { fastE164 } from '../../e164-fast-path'
import { prng } from './prng'

const phoneUtil = PhoneNumberUtil.getInstance()
/** Every calling code the library knows (public in its API, missing from @types/google-libphonenumber). */
const callingCodes = (phoneUtil as unknown as { getSupportedCallingCodes(): number[] }).getSupportedCallingCodes()

/** What the library says: the E.164 form of a possible number, or false. */
export function libraryE164(raw: string): string | false {
  try {
    const number = phoneUtil.parse(raw, undefined)
    if (phoneUtil.isPossibleNumberWithReason(number) !== PhoneNumberUtil.ValidationResult.IS_POSSIBLE) return false
    return phoneUtil.format(number, PhoneNumberFormat.E164)
  } catch {
    return false
  }
}

/**
 * For every calling code, every leading pair of digits and lengths around the possible ones, a `share` of them:
 * the numbers the fast path answers differently from the library, and the share it answers at all.
 */
export function compareWithLibrary(share: number, seed = 13): { disagreements: string[]; answeredShare: number } {
  const random = prng(seed)
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('')
  let answered = 0
  let total = 0
  const disagreements: string[] = []
  for (const code of callingCodes) {
    for (let lead = 0; lead < 100; lead++) {
      for (let length = 3; length <= 15 - String(code).length + 1; length++) {
        if (random() > share) continue
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
  return { disagreements, answeredShare: answered / total }
}
