// Phone numbers: reading what a mapping holds into E.164, with google-libphonenumber (the phone library Segment's
// monorepo declares). Numbers already in E.164 take a fast path (e164-fast-path.ts); for the rest parsing costs
// 10-20 µs a number, so results are cached: the sender repeats on every event and recipients often do.
import { PhoneNumberFormat, PhoneNumberUtil } from 'google-libphonenumber'
import { LRUCache } from 'lru-cache'
import { fastE164 } from './e164-fast-path'
import { fail, isBlank } from './validation'

const phoneUtil = PhoneNumberUtil.getInstance()
const SUPPORTED_REGIONS = new Set<string>(phoneUtil.getSupportedRegions())

/** A region code of google-libphonenumber: two upper-case letters it knows, such as `US` or `GB`. */
export type RegionCode = string

/** 5-6 digits without a `+`: a US/CA-style short code (twilio-facts.md, Addresses). */
export const SHORT_CODE_PATTERN = /^\d{5,6}$/

export function readDefaultCountry(value: unknown): RegionCode | undefined {
  if (isBlank(value)) return undefined
  const code = String(value).trim().toUpperCase()
  if (!SUPPORTED_REGIONS.has(code)) {
    fail(
      `Default Country (defaultCountry) must be a two-letter ISO 3166-1 country code such as US or GB; got ${JSON.stringify(
        value
      )}.`
    )
  }
  return code
}

/** Whether `raw`, written without a country code, is a valid number of `country` (never without a country). */
export function isNationalNumber(raw: string, country: RegionCode | undefined): boolean {
  if (!country) return false
  try {
    return phoneUtil.isValidNumberForRegion(phoneUtil.parse(raw, country), country)
  } catch {
    return false
  }
}

/** The E.164 form of `raw`, or a payload error naming the field (`key`, `label`) and the fix. */
export function toE164(raw: string, country: RegionCode | undefined, key: string, label: string): string {
  if (!raw.startsWith('+') && !country) {
    fail(
      `${label} (${key}) '${raw}' has no country code: write it in E.164 format such as +14155552671, or set Default Country (defaultCountry) to read national numbers.`
    )
  }
  const e164 = parseE164(raw, country)
  const extension = e164 === undefined ? extensionOf(raw, country) : undefined
  if (extension) {
    // The library would read the number and drop the extension; a message cannot reach an extension, and sending to
    // the main line could reach someone else, so the mapping has to say which number it means.
    return fail(
      `${label} (${key}) '${raw}' has extension ${extension}: a message cannot be delivered to an extension. Map a number without one, in E.164 format such as +14155552671.`
    )
  }
  if (!e164) {
    return fail(
      `${label} (${key}) '${raw}' is not a valid phone number: use E.164 format such as +14155552671${
        country ? '' : ', or set Default Country (defaultCountry)'
      }.`
    )
  }
  return e164
}

// Only numbers not written in E.164 reach it (a sender typed in national format, recipients with Default Country):
// 1,000 entries of about 200 bytes each.
const e164Cache = new LRUCache<string, string | false>({ max: 1000 })

/**
 * The E.164 form of a possible phone number, or undefined. Text with letters is never read as a number, and a
 * number that is only possible locally (a 7-digit US number without its area code) is not a full number.
 */
export function parseE164(raw: string, country: RegionCode | undefined): string | undefined {
  // Already E.164 (the usual case): decided from the library's metadata in under a microsecond, without filling the
  // cache with one-off recipients. A default country changes nothing for a number that starts with "+".
  const fast = fastE164(raw)
  if (fast !== undefined) return fast || undefined
  const key = `${country ?? ''}|${raw}`
  let result = e164Cache.get(key)
  if (result === undefined) {
    result = parseUncached(raw, country) ?? false
    e164Cache.set(key, result)
  }
  return result || undefined
}

/** The extension google-libphonenumber reads in `raw` ("ext. 12", "x12", "#12", ";ext=12"), if any. */
export function extensionOf(raw: string, country: RegionCode | undefined): string | undefined {
  try {
    return phoneUtil.parse(raw, country).getExtension() || undefined
  } catch {
    return undefined
  }
}

function parseUncached(raw: string, country: RegionCode | undefined): string | undefined {
  // Text with letters (`ext. 12`, `x12`, a vanity number) is never read as a number, and an extension written
  // without letters (`#12`) is refused below: toE164 names the extension either way.
  if (/[a-z]/i.test(raw)) return undefined
  try {
    const number = phoneUtil.parse(raw, country)
    if (number.hasExtension()) return undefined
    if (phoneUtil.isPossibleNumberWithReason(number) !== PhoneNumberUtil.ValidationResult.IS_POSSIBLE) return undefined
    return phoneUtil.format(number, PhoneNumberFormat.E164)
  } catch {
    // google-libphonenumber throws for text it cannot read as a number (no country code, too short, ...).
    return undefined
  }
}
