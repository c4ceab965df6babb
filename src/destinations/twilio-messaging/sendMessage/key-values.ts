// Key-value objects of a payload (Content Variables, Tags): scalars become strings, empty values are dropped, and
// Twilio's limits on count, key and value are checked with a message that names the field and the entry.
import { LIMITS } from '../twilio'
import { fail } from './validation'

export interface StringMapRules {
  maxEntries: number
  /** Fills placeholders in a value; without it, a value with `{{` or `}}` is rejected. */
  fill?: (text: string, name: string) => string
  maxKeyLength?: number
  /** Pattern for keys and values, with a human description for the error. */
  charset?: { pattern: RegExp; description: string }
  maxValueLength?: number
  /** Numbers and booleans become text (default); false keeps them as they are. */
  asText?: boolean
}

/** Scalars become strings, null/empty values are dropped; objects and arrays are rejected naming their key. */
export function readStringMap(
  value: unknown,
  key: string,
  label: string,
  rules: StringMapRules
): Record<string, string> {
  return readMap(value, key, label, rules) as Record<string, string>
}

/** readStringMap, where `rules.asText: false` keeps numbers and booleans as they are. */
export function readMap(
  value: unknown,
  key: string,
  label: string,
  rules: StringMapRules
): Record<string, string | number | boolean> {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    return fail(`${label} (${key}) must be an object of names and values, for example {"1": "Jane"}.`)
  }
  const entries = Object.entries(value as Record<string, unknown>)
  // Counted before any entry is read: 20,000 names cost one pass, not 20,000 placeholder fills and checks.
  const given = entries.reduce((sum, [, raw]) => (isEmptyEntry(raw) ? sum : sum + 1), 0)
  if (given > rules.maxEntries) tooMany(key, label, given, rules.maxEntries)
  const result: Record<string, string | number | boolean> = {}
  for (const [name, raw] of entries) {
    if (raw === undefined || raw === null || raw === '') continue
    if (typeof raw === 'object') {
      fail(
        `${label} (${key}) '${shorten(name)}' is an ${
          Array.isArray(raw) ? 'array' : 'object'
        }; each value must be text, a number or a boolean. Map it to a single value.`
      )
    }
    if (rules.maxKeyLength !== undefined && name.length > rules.maxKeyLength) {
      fail(
        `${label} (${key}) name '${shorten(name)}' is longer than ${
          rules.maxKeyLength
        } characters, which Twilio rejects: use the template's variable name such as 1 or first_name.`
      )
    }
    const text = rules.fill ? rules.fill(String(raw), name) : String(raw)
    if (text.trim() === '') continue
    if (text.includes('{{') || text.includes('}}')) {
      // A placeholder the mapping engine did not fill (or event data that looks like one) would reach the recipient.
      fail(
        `${label} (${key}) '${shorten(name)}' has the unfilled placeholder text '${shorten(
          text
        )}': map it to an event field, for example properties.first_name, instead of typing {{…}}.`
      )
    }
    if (
      rules.maxValueLength !== undefined &&
      (name.length > rules.maxValueLength || text.length > rules.maxValueLength)
    ) {
      fail(
        `${label} (${key}) '${shorten(name)}' is too long: names and values may have at most ${
          rules.maxValueLength
        } characters.`
      )
    }
    if (rules.charset && (!rules.charset.pattern.test(name) || !rules.charset.pattern.test(text))) {
      fail(`${label} (${key}) '${shorten(name)}': ${rules.charset.description}.`)
    }
    result[name] = rules.asText === false && typeof raw !== 'string' && text === String(raw) ? (raw as number) : text
  }
  return result
}

/** Quotes at most 40 characters of a name or value in a message. */
const shorten = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text)

/** An entry that is left out: no value, or text of spaces only. */
const isEmptyEntry = (raw: unknown): boolean =>
  raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')

function tooMany(key: string, label: string, count: number, max: number): never {
  return fail(`${label} (${key}) has ${count} entries; Twilio accepts at most ${max}. Remove ${count - max}.`)
}

export function readTags(value: unknown): Record<string, string> {
  return readStringMap(value, 'tags', 'Tags', {
    maxEntries: LIMITS.tags,
    maxValueLength: LIMITS.tagLength,
    charset: {
      pattern: /^[A-Za-z0-9 _-]+$/,
      description: 'names and values may only use letters, digits, spaces, _ and -'
    }
  })
}
