// Messages create validation, as a pure function of the form parameters, the account and the clock.
// Codes follow Twilio's error dictionary (see /work/shared/twilio-facts.md and the emulator's README section).
import { CONTENT_SID_PATTERN, LIMITS, MESSAGING_SERVICE_SID_PATTERN } from '../destinations/twilio-messaging/twilio'
import { EmulatorError, twilioErrorJson } from './errors'
import type { DemoAccount, SeedContent } from './seed'
import { MAGIC_FROM_ERRORS, MAGIC_TO_ERRORS } from './magic-numbers'
import { ALPHANUMERIC_SENDER, E164, MessageChannel, SHORT_CODE, splitChannel } from './message-addresses'
import { countSegmentsFor, renderContent } from './message-body'

// Kept importable from here, where the server, the lifecycle and the tests have always found them.
export { MAGIC_FROM_ERRORS, MAGIC_TO_ERRORS, splitChannel }
export type { MessageChannel }
export { countSegments, countSegmentsFor, renderContent } from './message-body'

/** Parsed `application/x-www-form-urlencoded` body: repeated keys arrive as arrays. */
export type FormParams = Record<string, string | string[] | undefined>

/** Twilio itself accepts 1-36000 s (the destination limits itself to LIMITS.validityPeriodMax). */
export const TWILIO_VALIDITY_PERIOD_MAX = 36000

/**
 * Twilio's Send At window, inclusive, measured when the request arrives: at least 900 s ahead (error 35114) and at
 * most 35 days (3,024,000 s) ahead (error 35115). Error pages 35114/35115 and the Message Scheduling guide; the
 * emulator keeps its own copy because it mirrors Twilio, not the destination's rule.
 */
export const TWILIO_SEND_AT_MIN_AHEAD_MS = 900 * 1000
export const TWILIO_SEND_AT_MAX_AHEAD_MS = 3024000 * 1000

/** Everything about an accepted message except what the state assigns (sid, dates). */
export interface AcceptedMessage {
  to: string
  from: string | null
  messagingServiceSid: string | null
  body: string
  mediaUrls: string[]
  contentSid: string | null
  contentVariables: Record<string, string> | null
  status: 'queued' | 'accepted' | 'scheduled'
  channel: MessageChannel
  /** Segments as Twilio counts them: SMS bodies by GSM-7 160/153 or UCS-2 70/67; one for MMS and chat channels. */
  segments: number
  encoding: 'GSM-7' | 'UCS-2'
  sendAt: string | null
  validityPeriod: number | null
  statusCallback: string | null
  tags: string | null
  /** Parameters the emulator does not interpret, kept for the outbox (e.g. ShortenUrls, SmartEncoded). */
  otherParams: Record<string, string | string[]>
}

export type ValidationResult = { ok: true; message: AcceptedMessage } | { ok: false; error: EmulatorError }

const SEND_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/

const KNOWN_PARAMS = new Set([
  'To',
  'From',
  'MessagingServiceSid',
  'Body',
  'MediaUrl',
  'ContentSid',
  'ContentVariables',
  'SendAt',
  'ScheduleType',
  'ValidityPeriod',
  'StatusCallback',
  'Tags'
])

const bad = (code: number, message: string, status = 400): ValidationResult => ({
  ok: false,
  error: twilioErrorJson(status, code, message)
})

/** First value of a parameter (Twilio reads scalars once; a repeated scalar key is unusual). */
function scalar(params: FormParams, key: string): string | undefined {
  const value = params[key]
  return Array.isArray(value) ? value[0] : value
}

function list(params: FormParams, key: string): string[] {
  const value = params[key]
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}

function isHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

function hasCapability(capabilities: Record<string, boolean>, name: string): boolean {
  return Object.entries(capabilities).some(([key, value]) => key.toLowerCase() === name && value === true)
}

export function validateMessageCreate(params: FormParams, account: DemoAccount, now: Date): ValidationResult {
  const to = scalar(params, 'To')?.trim() ?? ''
  const from = scalar(params, 'From')?.trim() ?? ''
  const serviceSid = scalar(params, 'MessagingServiceSid')?.trim() ?? ''
  const bodyParam = scalar(params, 'Body')
  const mediaUrls = list(params, 'MediaUrl').filter((url) => url !== '')
  const contentSid = scalar(params, 'ContentSid')?.trim() ?? ''

  // Required combinations.
  if (!to) return bad(21604, "A 'To' phone number is required.")
  if (!from && !serviceSid) return bad(21603, "A 'From' phone number is required.")
  if (!bodyParam && mediaUrls.length === 0 && !contentSid) return bad(21602, 'Message body is required.')

  // Limits.
  if (bodyParam && Array.from(bodyParam).length > LIMITS.bodyLength) {
    return bad(21617, 'The concatenated message body exceeds the 1600 character limit.')
  }
  if (mediaUrls.length > LIMITS.mediaUrls) return bad(21623, 'The number of media files exceeds the limit of 10.')
  const badMedia = mediaUrls.find((url) => !isHttpUrl(url))
  if (badMedia) return bad(21620, `Media urls: ${badMedia} are invalid. Please use only valid http and https urls`)

  // Messaging Service.
  let service: DemoAccount['services'][number] | undefined
  if (serviceSid) {
    service = MESSAGING_SERVICE_SID_PATTERN.test(serviceSid)
      ? account.services.find((candidate) => candidate.sid === serviceSid)
      : undefined
    // A malformed SID is 21705; a well-formed one the account does not have is 21701.
    if (!MESSAGING_SERVICE_SID_PATTERN.test(serviceSid)) return bad(21705, 'The Messaging Service Sid is invalid.')
    if (!service) return bad(21701, `The Messaging Service ${serviceSid} does not exist.`)
  }

  // Content template and its variables.
  let content: SeedContent | undefined
  let contentVariables: Record<string, string> | null = null
  if (contentSid) {
    content = CONTENT_SID_PATTERN.test(contentSid)
      ? account.contents.find((candidate) => candidate.sid === contentSid)
      : undefined
    if (!content) return bad(21655, 'The Content SID is Invalid.')
    const raw = scalar(params, 'ContentVariables')
    if (raw !== undefined && raw !== '') {
      let parsed: unknown
      try {
        parsed = JSON.parse(raw)
      } catch {
        return bad(21656, 'The ContentVariables Parameter is invalid: not valid JSON.')
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return bad(21656, 'The ContentVariables Parameter is invalid: expected a JSON object.')
      }
      const entries = Object.entries(parsed as Record<string, unknown>)
      if (entries.length > LIMITS.contentVariables) {
        return bad(21656, `The ContentVariables Parameter is invalid: more than ${LIMITS.contentVariables} variables.`)
      }
      for (const [key, value] of entries) {
        if (key.length === 0 || key.length > LIMITS.contentVariableKeyLength) {
          return bad(21656, `The ContentVariables Parameter is invalid: key '${key.slice(0, 40)}' is too long.`)
        }
        if (typeof value !== 'string' || value.trim() === '') {
          return bad(21656, `The ContentVariables Parameter is invalid: value of '${key}' must be a non-empty string.`)
        }
      }
      contentVariables = Object.fromEntries(entries) as Record<string, string>
    }
  }

  // To: channel prefix, address format, magic numbers.
  const toParts = splitChannel(to)
  if (MAGIC_TO_ERRORS[toParts.address]) {
    const [code, message] = MAGIC_TO_ERRORS[toParts.address]
    return bad(code, message)
  }
  if (toParts.channel === 'sms' && SHORT_CODE.test(toParts.address)) {
    return bad(21265, "'To' number cannot be a Short Code")
  }
  const toValid = toParts.channel === 'messenger' ? /^\d{5,20}$/.test(toParts.address) : E164.test(toParts.address)
  if (!toValid) return bad(21211, `The 'To' number ${to} is not a valid phone number.`)

  // From: magic numbers first, then it must be a sender of this account on the same channel.
  if (from) {
    if (MAGIC_FROM_ERRORS[from]) {
      const [code, message] = MAGIC_FROM_ERRORS[from]
      return bad(code, message)
    }
    const fromParts = splitChannel(from)
    if (fromParts.channel !== toParts.channel) {
      return bad(21910, 'Invalid From and To pair. From and To should be of the same channel')
    }
    const notOurs = () =>
      bad(
        21606,
        `The 'From' phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`
      )
    const noSender = () => bad(63007, `Twilio could not find a Channel with the specified From address: ${from}`)
    if (fromParts.channel === 'whatsapp') {
      if (!account.whatsappSenders.includes(fromParts.address)) return noSender()
    } else if (fromParts.channel === 'messenger') {
      if (!account.messengerPageIds.includes(fromParts.address)) return noSender()
    } else if (fromParts.channel === 'rcs') {
      const rcsSenders = account.services.flatMap((candidate) => candidate.senders).filter((s) => s.startsWith('rcs:'))
      if (!rcsSenders.includes(from)) return noSender()
    } else if (E164.test(from)) {
      const owned = account.phoneNumbers.find((candidate) => candidate.phoneNumber === from)
      if (!owned || !hasCapability(owned.capabilities, 'sms')) return notOurs()
      if (mediaUrls.length > 0 && !hasCapability(owned.capabilities, 'mms')) return notOurs()
    } else if (SHORT_CODE.test(from)) {
      if (!account.shortCodes.some((candidate) => candidate.shortCode === from)) return notOurs()
    } else if (ALPHANUMERIC_SENDER.test(from)) {
      if (mediaUrls.length > 0) return notOurs()
    } else {
      return bad(21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`)
    }
    if (from === to) return bad(21266, "'To' and 'From' number cannot be the same")
  }

  // Scheduling (only through a Messaging Service, in the window [now + 900 s, now + 35 days]).
  const sendAtRaw = scalar(params, 'SendAt')?.trim() || ''
  const scheduleType = scalar(params, 'ScheduleType')?.trim() || ''
  let sendAt: string | null = null
  if (scheduleType && scheduleType !== 'fixed') {
    return bad(35126, `The ScheduleType value '${scheduleType}' is not supported: use 'fixed'.`)
  }
  if (scheduleType === 'fixed' && !sendAtRaw) return bad(35111, "SendAt timestamp is missing for ScheduleType 'fixed'.")
  if (sendAtRaw) {
    if (!scheduleType) return bad(35126, "A SendAt timestamp needs ScheduleType 'fixed'.")
    if (!service) return bad(35118, 'MessagingServiceSid is required to schedule a message.')
    const time = SEND_AT.test(sendAtRaw) ? Date.parse(sendAtRaw) : Number.NaN
    if (Number.isNaN(time)) return bad(35114, 'Scheduling does not support this timestamp: SendAt is not ISO-8601.')
    const ahead = time - now.getTime()
    if (ahead < TWILIO_SEND_AT_MIN_AHEAD_MS) {
      return bad(
        35114,
        'Scheduling does not support this timestamp: SendAt must be at least 900 seconds in the future.'
      )
    }
    if (ahead > TWILIO_SEND_AT_MAX_AHEAD_MS) {
      return bad(
        35115,
        'Scheduling does not support this timestamp: SendAt must be at most 35 days (3024000 seconds) in the future.'
      )
    }
    sendAt = new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z')
  }

  // ValidityPeriod and StatusCallback.
  const validityRaw = scalar(params, 'ValidityPeriod')?.trim()
  let validityPeriod: number | null = null
  if (validityRaw !== undefined && validityRaw !== '') {
    validityPeriod = /^\d+$/.test(validityRaw) ? Number(validityRaw) : Number.NaN
    if (!(validityPeriod >= 1 && validityPeriod <= TWILIO_VALIDITY_PERIOD_MAX)) {
      return bad(90007, `Invalid validity period value: ${validityRaw}. Use whole seconds from 1 to 36000.`)
    }
  }
  const statusCallback = scalar(params, 'StatusCallback')?.trim() || null
  if (statusCallback) {
    const url = isHttpUrl(statusCallback)
    if (!url || url.hostname.includes('_')) return bad(21609, `Invalid 'StatusCallback': ${statusCallback}`)
  }

  const body = content ? renderContent(content, contentVariables) : (bodyParam ?? '')
  const { segments, encoding } = countSegmentsFor(toParts.channel, body, mediaUrls.length)
  const otherParams: Record<string, string | string[]> = {}
  for (const [key, value] of Object.entries(params)) {
    if (!KNOWN_PARAMS.has(key) && value !== undefined) otherParams[key] = value
  }
  return {
    ok: true,
    message: {
      to,
      from: from || null,
      messagingServiceSid: service?.sid ?? null,
      body,
      mediaUrls,
      contentSid: content?.sid ?? null,
      contentVariables,
      status: sendAt ? 'scheduled' : service ? 'accepted' : 'queued',
      channel: toParts.channel,
      segments,
      encoding,
      sendAt,
      validityPeriod,
      statusCallback,
      tags: scalar(params, 'Tags') ?? null,
      otherParams
    }
  }
}
