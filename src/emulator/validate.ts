// Messages create validation, as a pure function of the form parameters, the account and the clock. The checks run
// in a fixed order, because Twilio answers the first failure only: required parameters, limits, Messaging Service,
// content template (validate-content.ts), To and From (validate-addresses.ts), scheduling (validate-schedule.ts),
// ValidityPeriod and StatusCallback. Codes follow Twilio's error dictionary (see /work/shared/twilio-facts.md and the
// emulator's README section).
import { LIMITS, MESSAGING_SERVICE_SID_PATTERN } from '../destinations/twilio-messaging/twilio'
import { ValidationResult, refuse } from './accepted-message'
import { FormParams, listParam, scalarParam } from './form-params'
import { contentButtons, countSegmentsFor, renderContent } from './message-body'
import type { DemoAccount, SeedContent } from './seed'
import { checkRecipient, checkSender } from './validate-addresses'
import { checkContent } from './validate-content'
import { checkSchedule } from './validate-schedule'

// Kept importable from here, where the server, the state, the lifecycle and the tests have always found them.
export type { AcceptedMessage, ValidationResult } from './accepted-message'
export type { FormParams } from './form-params'
export { MAGIC_FROM_ERRORS, MAGIC_TO_ERRORS } from './magic-numbers'
export { splitChannel } from './message-addresses'
export type { MessageChannel } from './message-addresses'
export { countSegments, countSegmentsFor, renderContent } from './message-body'
export { TWILIO_SEND_AT_MAX_AHEAD_MS, TWILIO_SEND_AT_MIN_AHEAD_MS } from './validate-schedule'

/** Twilio itself accepts 1-36000 s (the destination limits itself to LIMITS.validityPeriodMax). */
export const TWILIO_VALIDITY_PERIOD_MAX = 36000

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

function isHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

export function validateMessageCreate(params: FormParams, account: DemoAccount, now: Date): ValidationResult {
  const to = scalarParam(params, 'To')?.trim() ?? ''
  const from = scalarParam(params, 'From')?.trim() ?? ''
  const serviceSid = scalarParam(params, 'MessagingServiceSid')?.trim() ?? ''
  const bodyParam = scalarParam(params, 'Body')
  const mediaUrls = listParam(params, 'MediaUrl').filter((url) => url !== '')
  const contentSid = scalarParam(params, 'ContentSid')?.trim() ?? ''

  // Required combinations.
  if (!to) return refuse(21604, "A 'To' phone number is required.")
  if (!from && !serviceSid) return refuse(21603, "A 'From' phone number is required.")
  if (!bodyParam && mediaUrls.length === 0 && !contentSid) return refuse(21602, 'Message body is required.')

  // Limits.
  if (bodyParam && Array.from(bodyParam).length > LIMITS.bodyLength) {
    return refuse(21617, 'The concatenated message body exceeds the 1600 character limit.')
  }
  if (mediaUrls.length > LIMITS.mediaUrls) return refuse(21623, 'The number of media files exceeds the limit of 10.')
  const badMedia = mediaUrls.find((url) => !isHttpUrl(url))
  if (badMedia) return refuse(21620, `Media urls: ${badMedia} are invalid. Please use only valid http and https urls`)

  // Messaging Service: a malformed SID is 21705; a well-formed one the account does not have is 21701.
  let service: DemoAccount['services'][number] | undefined
  if (serviceSid) {
    if (!MESSAGING_SERVICE_SID_PATTERN.test(serviceSid)) return refuse(21705, 'The Messaging Service Sid is invalid.')
    service = account.services.find((candidate) => candidate.sid === serviceSid)
    if (!service) return refuse(21701, `The Messaging Service ${serviceSid} does not exist.`)
  }

  // Content template and its variables.
  let content: SeedContent | undefined
  let contentVariables: Record<string, string> | null = null
  if (contentSid) {
    const checked = checkContent(contentSid, scalarParam(params, 'ContentVariables'), account)
    if (!checked.ok) return checked
    content = checked.content
    contentVariables = checked.variables
  }

  // To, then From.
  const recipient = checkRecipient(to)
  if (!recipient.ok) return recipient
  if (from) {
    const refusal = checkSender(from, to, recipient.channel, mediaUrls.length, account)
    if (refusal) return refusal
  }

  const schedule = checkSchedule(
    scalarParam(params, 'SendAt')?.trim() || '',
    scalarParam(params, 'ScheduleType')?.trim() || '',
    service !== undefined,
    now
  )
  if (!schedule.ok) return schedule
  const { sendAt } = schedule

  // ValidityPeriod and StatusCallback.
  const validityRaw = scalarParam(params, 'ValidityPeriod')?.trim()
  let validityPeriod: number | null = null
  if (validityRaw !== undefined && validityRaw !== '') {
    validityPeriod = /^\d+$/.test(validityRaw) ? Number(validityRaw) : Number.NaN
    if (!(validityPeriod >= 1 && validityPeriod <= TWILIO_VALIDITY_PERIOD_MAX)) {
      return refuse(90007, `Invalid validity period value: ${validityRaw}. Use whole seconds from 1 to 36000.`)
    }
  }
  const statusCallback = scalarParam(params, 'StatusCallback')?.trim() || null
  if (statusCallback) {
    const url = isHttpUrl(statusCallback)
    if (!url || url.hostname.includes('_')) return refuse(21609, `Invalid 'StatusCallback': ${statusCallback}`)
  }

  const body = content ? renderContent(content, contentVariables, recipient.channel) : (bodyParam ?? '')
  const { segments, encoding } = countSegmentsFor(recipient.channel, body, mediaUrls.length)
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
      buttons: content ? contentButtons(content, recipient.channel) : [],
      contentSid: content?.sid ?? null,
      contentVariables,
      status: sendAt ? 'scheduled' : service ? 'accepted' : 'queued',
      channel: recipient.channel,
      segments,
      encoding,
      sendAt,
      validityPeriod,
      statusCallback,
      tags: scalarParam(params, 'Tags') ?? null,
      otherParams
    }
  }
}
