// A fast path for the common case: a phone number already written in E.164 ("+", a country calling code, the
// national number, digits only). google-libphonenumber takes 10-20 µs to parse any number; for such a string its
// answer is decided by its own metadata alone, which this module reads once per calling code:
// - the calling code is the first 1-3 digits that form a known code (codes are prefix-free);
// - the national number is the rest, unchanged, unless the region's national-prefix-for-parsing pattern matches at
//   its start (the library may then strip a prefix): those numbers, numbers with a leading 0 (stored with "Italian
//   leading zeros") and anything not digits-only are left to the library;
// - the number is possible exactly when its length is one of the region's possible lengths and not a
//   local-only length (libphonenumber's testNumberLength for the general description), and then its E.164 form
//   is the input itself.
// A test compares this with the library on many generated numbers of every calling code.
import { PhoneNumberUtil } from 'google-libphonenumber'

/** google-libphonenumber's metadata accessors (public in its API, missing from @types/google-libphonenumber). */
interface PhoneMetadata {
  getGeneralDesc(): { possibleLengthArray(): number[]; possibleLengthLocalOnlyArray(): number[] } | undefined
  getNationalPrefixForParsingOrDefault(): string | undefined
}
interface MetadataSource {
  getRegionCodeForCountryCode(callingCode: number): string
  getMetadataForRegion(region: string): PhoneMetadata | undefined
  getMetadataForNonGeographicalRegion(callingCode: number): PhoneMetadata | undefined
}

const phoneUtil = PhoneNumberUtil.getInstance() as unknown as MetadataSource

interface CallingCodeRules {
  possibleLengths: ReadonlySet<number>
  localOnlyLengths: ReadonlySet<number>
  /** The region's national prefix for parsing, anchored at the start; undefined when it has none. */
  nationalPrefix?: RegExp
}

/** Rules per calling code; `null` for a number that is not a calling code. Bounded: calling codes are < 1000. */
const rulesByCallingCode = new Map<number, CallingCodeRules | null>()

function rulesFor(callingCode: number): CallingCodeRules | null {
  const known = rulesByCallingCode.get(callingCode)
  if (known !== undefined) return known
  const region = phoneUtil.getRegionCodeForCountryCode(callingCode)
  const metadata =
    region === 'ZZ'
      ? undefined
      : region === '001'
      ? phoneUtil.getMetadataForNonGeographicalRegion(callingCode)
      : phoneUtil.getMetadataForRegion(region)
  let rules: CallingCodeRules | null = null
  if (metadata) {
    const general = metadata.getGeneralDesc()
    const prefix = metadata.getNationalPrefixForParsingOrDefault()
    rules = {
      possibleLengths: new Set(general?.possibleLengthArray() ?? []),
      localOnlyLengths: new Set(general?.possibleLengthLocalOnlyArray() ?? []),
      nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : undefined
    }
  }
  rulesByCallingCode.set(callingCode, rules)
  return rules
}

/** "+", a first digit 1-9, then digits only; 7 to 16 digits in all (E.164 allows 15; the library reads up to 17). */
const E164_SHAPE = /^\+[1-9]\d{6,15}$/

/**
 * For `raw` in E.164 shape: its E.164 form (itself) when google-libphonenumber would read it as a possible number,
 * `false` when it would not. `undefined` when only the library can tell (any other shape, or a number the library
 * might rewrite).
 */
export function fastE164(raw: string): string | false | undefined {
  if (!E164_SHAPE.test(raw)) return undefined
  for (let digits = 1; digits <= 3; digits++) {
    const rules = rulesFor(Number(raw.slice(1, 1 + digits)))
    if (rules === null) continue
    const national = raw.slice(1 + digits)
    if (national.charCodeAt(0) === 48 /* 0 */ || rules.nationalPrefix?.test(national)) return undefined
    const length = national.length
    return !rules.localOnlyLengths.has(length) && rules.possibleLengths.has(length) ? raw : false
  }
  return undefined
}
