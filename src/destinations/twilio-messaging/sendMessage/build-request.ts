// A pure function from a mapped payload (and the raw event) to the form parameters of Twilio's Create Message
// request. Every rule Twilio would enforce is checked here, before any request, with a message that names the
// field and the fix.
import { PayloadValidationError } from '@segment/actions-core'
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import { LRUCache } from 'lru-cache'
import type { Payload } from './generated-types'
import {
  CHANNELS,
  CONTENT_SID_PATTERN,
  INLINE,
  LIMITS,
  MEDIA_CHANNELS,
  MESSAGING_SERVICE_SID_PATTERN,
  SENDER_TYPES,
  SENDER_TYPES_BY_CHANNEL,
  extractSid,
  normalizeChannel,
  normalizeContentTemplateType,
  normalizeSenderType,
  templateTypesForChannel,
  type Channel,
  type SenderType
} from '../twilio'

/** Form parameters in order; repeated keys (MediaUrl) appear once per value. */
export type FormParams = Array<[string, string]>

export interface BuildContext {
  /** The Segment event the payload was mapped from: fills `{{…}}` placeholders left in the inline body. */
  event?: unknown
  /** The clock for scheduling rules (tests pass a fixed one). */
  now?: Date
  /**
   * The subscription's mapping before it was resolved. Placeholders are filled only in text the user typed; text a
   * directive (`@template`, `@path`) produced came from the event, and its braces are data, never placeholders.
   */
  mapping?: unknown
}

export interface MessageRequest {
  channel: Channel
  senderType: SenderType
  params: FormParams
}

const fail = (message: string): never => {
  throw new PayloadValidationError(message)
}

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '')

export function buildMessageRequest(payload: Payload, context: BuildContext = {}): MessageRequest {
  const now = context.now ?? new Date()
  const channel = readChannel(payload.channel)
  const senderType = readSenderType(payload.senderType, channel)
  const templateType = readTemplateType(payload.contentTemplateType, channel)
  const country = readDefaultCountry(payload.defaultCountry)

  const params: FormParams = []
  params.push(['To', readRecipient(payload, channel, country)])

  if (senderType === 'Messaging Service') {
    params.push([
      'MessagingServiceSid',
      readSid(
        payload.messagingServiceSid,
        MESSAGING_SERVICE_SID_PATTERN,
        'messagingServiceSid',
        'Messaging Service SID',
        'MG'
      )
    ])
  } else if (senderType === 'Facebook Page ID') {
    params.push([
      'From',
      `messenger:${readMessengerId(payload.fromFacebookPageId, 'fromFacebookPageId', 'From Facebook Page ID')}`
    ])
  } else {
    params.push(['From', readPhoneSender(payload.fromPhoneNumber, channel, country)])
  }

  if (templateType === INLINE) {
    const mediaUrls = readMediaUrls(payload.inlineMediaUrls, channel)
    const body = readInlineBody(payload.inlineBody, context.event, typedByUser(context.mapping, 'inlineBody'))
    if (body === undefined && mediaUrls.length === 0) {
      fail(
        'Inline Template (inlineBody) is empty: write the message text, or add Inline Media URLs on a channel that carries media.'
      )
    }
    if (body !== undefined) params.push(['Body', body])
    for (const url of mediaUrls) params.push(['MediaUrl', url])
  } else {
    params.push([
      'ContentSid',
      readSid(payload.contentSid, CONTENT_SID_PATTERN, 'contentSid', 'Content Template SID', 'HX')
    ])
    const variables = readStringMap(payload.contentVariables, 'contentVariables', 'Content Variables', {
      maxEntries: LIMITS.contentVariables,
      maxKeyLength: LIMITS.contentVariableKeyLength,
      // A value typed as `{{first_name}}` is filled from the event, as in the inline body.
      fill: (text, name) =>
        typedByUser(context.mapping, 'contentVariables', name)
          ? fillPlaceholders(text, context.event, `Content Variables (contentVariables) '${name}'`)
          : text
    })
    if (Object.keys(variables).length > 0) params.push(['ContentVariables', JSON.stringify(variables)])
  }

  if (payload.validityPeriod !== undefined && payload.validityPeriod !== null) {
    params.push(['ValidityPeriod', String(readValidityPeriod(payload.validityPeriod))])
  }

  if (!isBlank(payload.sendAt)) {
    if (senderType !== 'Messaging Service') {
      fail(
        "Send At (sendAt) needs the Messaging Service sender: Twilio only schedules messages sent through a Messaging Service. Set Sender Type to 'Messaging Service', or clear Send At to send at once."
      )
    }
    params.push(['SendAt', readSendAt(payload.sendAt as string, now)], ['ScheduleType', 'fixed'])
  }

  if (!isBlank(payload.statusCallback))
    params.push(['StatusCallback', readStatusCallback(payload.statusCallback as string)])

  const tags = readTags(payload.tags)
  if (Object.keys(tags).length > 0) params.push(['Tags', JSON.stringify(tags)])

  return { channel, senderType, params }
}

// ---------------------------------------------------------------------------------------------------------------

function readChannel(value: unknown): Channel {
  const channel = normalizeChannel(value)
  if (!channel) {
    fail(`Channel (channel) must be one of ${CHANNELS.join(', ')}; got ${JSON.stringify(value ?? null)}.`)
  }
  return channel as Channel
}

function readSenderType(value: unknown, channel: Channel): SenderType {
  const senderType = normalizeSenderType(value)
  const allowed = SENDER_TYPES_BY_CHANNEL[channel]
  if (!senderType) {
    return fail(
      `Sender Type (senderType) must be one of ${SENDER_TYPES.join(', ')}; got ${JSON.stringify(value ?? null)}.`
    )
  }
  if (!allowed.includes(senderType)) {
    const hint =
      channel === 'RCS'
        ? 'RCS messages are only sent through a Messaging Service that holds an RCS sender'
        : channel === 'Messenger'
          ? 'Messenger messages are sent from a Facebook Page'
          : 'a Facebook Page ID only sends Messenger messages'
    fail(
      `Sender Type (senderType) '${senderType}' cannot send ${channel}: ${hint}. Choose ${allowed.map((a) => `'${a}'`).join(' or ')}.`
    )
  }
  return senderType
}

function readTemplateType(value: unknown, channel: Channel): string {
  const type = normalizeContentTemplateType(value)
  const supported = templateTypesForChannel(channel).map((t) => t.name)
  if (!type) {
    fail(
      `Content Template Type (contentTemplateType) must be ${INLINE} or one of ${supported.join(', ')} for ${channel}; got ${JSON.stringify(value ?? null)}.`
    )
  }
  if (type !== INLINE && !supported.includes(type as string)) {
    fail(
      `Content Template Type (contentTemplateType) '${type}' is not supported on ${channel}. Choose ${INLINE} or one of ${supported.join(', ')}.`
    )
  }
  return type as string
}

function readDefaultCountry(value: unknown): CountryCode | undefined {
  if (isBlank(value)) return undefined
  const code = String(value).trim().toUpperCase()
  if (!isSupportedCountry(code)) {
    fail(
      `Default Country (defaultCountry) must be a two-letter ISO 3166-1 country code such as US or GB; got ${JSON.stringify(value)}.`
    )
  }
  return code as CountryCode
}

function readRecipient(payload: Payload, channel: Channel, country: CountryCode | undefined): string {
  if (channel === 'Messenger') {
    return `messenger:${readMessengerId(payload.toMessengerUserId, 'toMessengerUserId', 'To Messenger User ID')}`
  }
  if (isBlank(payload.toPhoneNumber)) {
    return fail(
      `To Phone Number (toPhoneNumber) is required for ${channel}: map it to the recipient's phone number, for example +14155552671.`
    )
  }
  let raw = String(payload.toPhoneNumber).trim()
  rejectForeignPrefix(raw, channel, 'toPhoneNumber', 'To Phone Number')
  // `rcs:` is kept: it tells Twilio not to fall back to SMS.
  const rcsOnly = channel === 'RCS' && /^rcs:/i.test(raw)
  raw = raw.replace(/^(whatsapp|rcs):/i, '')
  const e164 = toE164(raw, country, 'toPhoneNumber', 'To Phone Number')
  if (channel === 'WhatsApp') return `whatsapp:${e164}`
  return rcsOnly ? `rcs:${e164}` : e164
}

const CHANNEL_PREFIXES: Record<string, Channel> = { whatsapp: 'WhatsApp', rcs: 'RCS', messenger: 'Messenger' }

/** A channel address (`whatsapp:…`) on another channel is a mapping mistake, not something to strip silently. */
function rejectForeignPrefix(raw: string, channel: Channel, key: string, label: string): void {
  const prefix = /^([a-z]+):/i.exec(raw)?.[1]?.toLowerCase()
  if (!prefix) return
  const prefixChannel = CHANNEL_PREFIXES[prefix]
  // `rcs:` is only meaningful on the recipient; a sender never carries it.
  const allowed = prefixChannel === channel && !(prefix === 'rcs' && key === 'fromPhoneNumber')
  if (!allowed) {
    fail(
      `${label} (${key}) '${raw}' is ${prefixChannel === 'RCS' ? 'an' : 'a'} ${prefixChannel ?? `'${prefix}:'`} address, but Channel is ${channel}: remove the '${prefix}:' prefix${prefixChannel && prefix !== 'rcs' ? ` or set Channel to ${prefixChannel}` : ''}.`
    )
  }
}

function toE164(raw: string, country: CountryCode | undefined, key: string, label: string): string {
  if (!raw.startsWith('+') && !country) {
    fail(
      `${label} (${key}) '${raw}' has no country code: write it in E.164 format such as +14155552671, or set Default Country (defaultCountry) to read national numbers.`
    )
  }
  const e164 = parseE164(raw, country)
  if (!e164) {
    return fail(
      `${label} (${key}) '${raw}' is not a valid phone number: use E.164 format such as +14155552671${country ? '' : ', or set Default Country (defaultCountry)'}.`
    )
  }
  return e164
}

// Parsing costs about 10 µs a number; the sender repeats on every event and recipients often do.
const e164Cache = new LRUCache<string, string | false>({ max: 10_000 })

/** The E.164 form of a possible phone number, or undefined. Text with letters is never read as a number. */
function parseE164(raw: string, country: CountryCode | undefined): string | undefined {
  const key = `${country ?? ''}|${raw}`
  let result = e164Cache.get(key)
  if (result === undefined) {
    const hasLetters = /[a-z]/i.test(raw.replace(/\s*(ext\.?|x)\s*\d+$/i, ''))
    const parsed = hasLetters ? undefined : parsePhoneNumberFromString(raw, { defaultCountry: country, extract: false })
    result = parsed && parsed.isPossible() ? parsed.number : false
    e164Cache.set(key, result)
  }
  return result || undefined
}

const SHORT_CODE_PATTERN = /^\d{5,6}$/
// Alphanumeric sender IDs: 1-11 of letters, digits, space, - + _ &, with at least one letter (twilio-facts.md).
const ALPHANUMERIC_SENDER_PATTERN = /^[A-Za-z0-9 \-+_&]{1,11}$/

function readPhoneSender(value: unknown, channel: Channel, country: CountryCode | undefined): string {
  if (isBlank(value)) {
    return fail(
      `From Phone Number (fromPhoneNumber) is required when Sender Type is 'Phone number': choose one of your Twilio numbers, for example +14155550100.`
    )
  }
  rejectForeignPrefix(String(value).trim(), channel, 'fromPhoneNumber', 'From Phone Number')
  const raw = String(value)
    .trim()
    .replace(/^whatsapp:/i, '')
  if (SHORT_CODE_PATTERN.test(raw)) {
    if (channel !== 'SMS' && channel !== 'MMS') {
      fail(
        `From Phone Number (fromPhoneNumber) '${raw}' is a short code, which only sends SMS and MMS. Use a WhatsApp-enabled number in E.164 format for ${channel}.`
      )
    }
    return raw
  }
  // Digits and punctuation are a phone number; `+ACME` is an alphanumeric sender ID.
  if (/^\+?[\d\s().-]+$/.test(raw)) {
    const e164 = toE164(raw, country, 'fromPhoneNumber', 'From Phone Number')
    return channel === 'WhatsApp' ? `whatsapp:${e164}` : e164
  }
  if (ALPHANUMERIC_SENDER_PATTERN.test(raw) && /[A-Za-z]/.test(raw)) {
    if (channel !== 'SMS') {
      fail(
        `From Phone Number (fromPhoneNumber) '${raw}' is an alphanumeric sender ID, which only sends SMS. Use a phone number in E.164 format for ${channel}.`
      )
    }
    return raw
  }
  return fail(
    `From Phone Number (fromPhoneNumber) '${raw}' is not a phone number, short code or alphanumeric sender ID: use E.164 (+14155550100), a 5-6 digit short code, or up to 11 letters, digits and spaces.`
  )
}

function readMessengerId(value: unknown, key: string, label: string): string {
  if (isBlank(value)) {
    return fail(`${label} (${key}) is required for Messenger: map it to the numeric ID, for example 1234567890123456.`)
  }
  const id = String(value)
    .trim()
    .replace(/^messenger:/i, '')
  if (!/^\d{1,32}$/.test(id)) {
    fail(`${label} (${key}) '${id}' must be a numeric Messenger ID, for example 1234567890123456.`)
  }
  return id
}

function readSid(value: unknown, pattern: RegExp, key: string, label: string, prefix: string): string {
  if (isBlank(value)) {
    return fail(
      `${label} (${key}) is required: pick it from the list or type the SID (${prefix} followed by 32 hexadecimal characters).`
    )
  }
  const sid = extractSid(String(value))
  if (!pattern.test(sid)) {
    fail(
      `${label} (${key}) '${sid}' is not a valid SID: it must be ${prefix} followed by 32 hexadecimal characters, or 'Name [${prefix}…]' as the dropdown shows it.`
    )
  }
  return sid
}

// ---------------------------------------------------------------------------------------------------------------
// Inline body and its placeholders

// `{{{name}}}` (Handlebars' unescaped form) is read like `{{name}}`: SMS has nothing to escape.
const PLACEHOLDER = /\{\{\{?\s*([^{}]*?)\s*\}?\}\}/g
const PLACEHOLDER_NAME = /^[A-Za-z_$][\w$-]*(\.[\w$-]+)*$/

function readInlineBody(value: unknown, event: unknown, typed: boolean): string | undefined {
  if (isBlank(value)) return undefined
  const body = typed ? fillPlaceholders(String(value), event) : String(value)
  if (!typed && (body.includes('{{') || body.includes('}}'))) {
    fail(
      "Inline Template (inlineBody): the text the mapping produced from the event contains '{{' or '}}', which is never sent. Check the event's values, or map the body from fields without braces."
    )
  }
  if (body.trim() === '') return undefined
  if (body.length > LIMITS.bodyLength) {
    fail(
      `Inline Template (inlineBody) is ${body.length.toLocaleString('en-US')} characters after filling placeholders; Twilio allows at most ${LIMITS.bodyLength.toLocaleString('en-US')}. Shorten the text.`
    )
  }
  return body
}

const isDirective = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.keys(value).some((key) => key.startsWith('@'))

/**
 * Whether the mapping's value at `key` (or `key.subKey` inside an object mapping) is text the user typed, as
 * opposed to a directive. Without the mapping (a direct call) the text is taken as typed.
 */
function typedByUser(mapping: unknown, key: string, subKey?: string): boolean {
  if (!mapping || typeof mapping !== 'object') return true
  let value = (mapping as Record<string, unknown>)[key]
  if (subKey !== undefined) {
    if (isDirective(value)) return false
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[subKey] : undefined
  }
  return value === undefined || !isDirective(value)
}

/** Fills `{{name}}` and `{{dotted.path}}` from the event; a placeholder with no value is an error, never sent raw. */
export function fillPlaceholders(text: string, event: unknown, where = 'Inline Template (inlineBody)'): string {
  const filled = text.replace(PLACEHOLDER, (_match, expression: string) => {
    if (!PLACEHOLDER_NAME.test(expression)) {
      return fail(
        `${where} has a placeholder '{{${expression}}}' that is not a field name: use names such as {{first_name}} or {{properties.order.id}}.`
      )
    }
    const value = lookupPlaceholder(event, expression)
    if (value === undefined || value === null || value === '') {
      return fail(
        `${where} uses {{${expression}}}, but the event has no value for it (looked in properties, traits and context.traits). Add it to the event or remove the placeholder.`
      )
    }
    if (typeof value === 'object') {
      return fail(
        `${where} placeholder {{${expression}}} is an object or list in the event; point it at a single value, such as {{${expression}.name}}.`
      )
    }
    return String(value)
  })
  if (filled.includes('{{') || filled.includes('}}')) {
    fail(`${where} has an unmatched '{{' or '}}': close every placeholder, for example {{first_name}}.`)
  }
  return filled
}

const LOOKUP_ROOTS = ['properties', 'traits', 'context.traits']

function lookupPlaceholder(event: unknown, expression: string): unknown {
  const candidates = expression.includes('.')
    ? [expression, ...LOOKUP_ROOTS.map((root) => `${root}.${expression}`)]
    : LOOKUP_ROOTS.map((root) => `${root}.${expression}`)
  for (const candidate of candidates) {
    const value = getPath(event, candidate)
    if (value !== undefined && value !== null && value !== '') return value
  }
  return undefined
}

function getPath(root: unknown, dotted: string): unknown {
  let current: unknown = root
  for (const part of dotted.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, part)) {
      return undefined
    }
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

// ---------------------------------------------------------------------------------------------------------------
// Media, validity, schedule, callback

function readMediaUrls(value: unknown, channel: Channel): string[] {
  const urls = (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
    .filter((url) => !isBlank(url))
    .map((url) => String(url).trim())
  if (urls.length === 0) return []
  if (!MEDIA_CHANNELS.includes(channel)) {
    fail(
      `Inline Media URLs (inlineMediaUrls) cannot be sent on ${channel}: SMS carries text only. Set Channel to MMS to send pictures, or remove the media URLs.`
    )
  }
  if (urls.length > LIMITS.mediaUrls) {
    fail(
      `Inline Media URLs (inlineMediaUrls) has ${urls.length} URLs; Twilio accepts at most ${LIMITS.mediaUrls}. Remove ${urls.length - LIMITS.mediaUrls}.`
    )
  }
  for (const url of urls) {
    if (!isHttpUrl(url)) {
      fail(
        `Inline Media URLs (inlineMediaUrls) '${url}' is not an absolute http(s) URL: use a public address such as https://example.com/image.png.`
      )
    }
  }
  return urls
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

function readValidityPeriod(value: unknown): number {
  const seconds = typeof value === 'number' ? value : Number(value)
  if (!Number.isInteger(seconds) || seconds < LIMITS.validityPeriodMin || seconds > LIMITS.validityPeriodMax) {
    fail(
      `Validity Period (validityPeriod) must be a whole number of seconds from ${LIMITS.validityPeriodMin} to ${LIMITS.validityPeriodMax}; got ${JSON.stringify(value)}.`
    )
  }
  return seconds
}

function readSendAt(value: string, now: Date): string {
  const time = Date.parse(value)
  if (Number.isNaN(time)) {
    fail(`Send At (sendAt) '${value}' is not a date and time: use ISO 8601 such as 2026-12-24T09:00:00Z.`)
  }
  const ahead = time - now.getTime()
  if (ahead <= LIMITS.scheduleMinAheadMs) {
    fail(
      `Send At (sendAt) '${value}' must be more than 5 minutes in the future (Twilio's scheduling window); clear it to send at once.`
    )
  }
  if (ahead > LIMITS.scheduleMaxAheadMs) {
    fail(`Send At (sendAt) '${value}' is more than 35 days ahead; Twilio schedules at most 35 days in advance.`)
  }
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function readStatusCallback(value: string): string {
  const trimmed = value.trim()
  if (!isHttpUrl(trimmed)) {
    fail(
      `Status Callback URL (statusCallback) '${trimmed}' is not an absolute http(s) URL: use a public address such as https://example.com/twilio/status.`
    )
  }
  if (new URL(trimmed).hostname.includes('_')) {
    fail(
      `Status Callback URL (statusCallback) '${trimmed}' has an underscore in its host name, which Twilio rejects: use a host name without underscores.`
    )
  }
  return trimmed
}

// ---------------------------------------------------------------------------------------------------------------
// Key-value objects (content variables, tags)

interface StringMapRules {
  maxEntries: number
  /** Fills placeholders in a value; without it, a value with `{{` or `}}` is rejected. */
  fill?: (text: string, name: string) => string
  maxKeyLength?: number
  /** Pattern for keys and values, with a human description for the error. */
  charset?: { pattern: RegExp; description: string }
  maxValueLength?: number
}

/** Scalars become strings, null/empty values are dropped; objects and arrays are rejected naming their key. */
function readStringMap(value: unknown, key: string, label: string, rules: StringMapRules): Record<string, string> {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    return fail(`${label} (${key}) must be an object of names and values, for example {"1": "Jane"}.`)
  }
  const result: Record<string, string> = {}
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (raw === undefined || raw === null || raw === '') continue
    if (typeof raw === 'object') {
      fail(
        `${label} (${key}) '${name}' is an ${Array.isArray(raw) ? 'array' : 'object'}; each value must be text, a number or a boolean. Map it to a single value.`
      )
    }
    const text = rules.fill ? rules.fill(String(raw), name) : String(raw)
    if (text.trim() === '') continue
    if (text.includes('{{') || text.includes('}}')) {
      // A placeholder the mapping engine did not fill (or event data that looks like one) would reach the recipient.
      fail(
        `${label} (${key}) '${name}' has the unfilled placeholder text '${text.slice(0, 40)}': map it to an event field, for example properties.first_name, instead of typing {{…}}.`
      )
    }
    if (rules.maxKeyLength !== undefined && name.length > rules.maxKeyLength) {
      fail(
        `${label} (${key}) name '${name}' is longer than ${rules.maxKeyLength} characters, which Twilio rejects: use the template's variable name such as 1 or first_name.`
      )
    }
    if (
      rules.maxValueLength !== undefined &&
      (name.length > rules.maxValueLength || text.length > rules.maxValueLength)
    ) {
      fail(
        `${label} (${key}) '${name}' is too long: names and values may have at most ${rules.maxValueLength} characters.`
      )
    }
    if (rules.charset && (!rules.charset.pattern.test(name) || !rules.charset.pattern.test(text))) {
      fail(`${label} (${key}) '${name}': ${rules.charset.description}.`)
    }
    result[name] = text
  }
  const count = Object.keys(result).length
  if (count > rules.maxEntries) {
    fail(
      `${label} (${key}) has ${count} entries; Twilio accepts at most ${rules.maxEntries}. Remove ${count - rules.maxEntries}.`
    )
  }
  return result
}

function readTags(value: unknown): Record<string, string> {
  return readStringMap(value, 'tags', 'Tags', {
    maxEntries: LIMITS.tags,
    maxValueLength: LIMITS.tagLength,
    charset: {
      pattern: /^[A-Za-z0-9 _-]+$/,
      description: 'names and values may only use letters, digits, spaces, _ and -'
    }
  })
}
