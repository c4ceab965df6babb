// A pure function from a mapped payload (and the raw event) to the form parameters of Twilio's Create Message
// request. Every rule Twilio would enforce is checked here, before any request, with a message that names the
// field and the fix.
import type { Payload } from './generated-types'
import {
  CHANNELS,
  CONTENT_SID_PATTERN,
  INLINE,
  LIMITS,
  MESSAGING_SERVICE_SID_PATTERN,
  SENDER_TYPES,
  SENDER_TYPES_BY_CHANNEL,
  extractSid,
  normalizeChannel,
  normalizeContentTemplateType,
  normalizeSenderType,
  templateTypesForChannel,
  channelName
} from '../twilio'
import type { Channel, SenderType, TwilioRegion } from '../twilio'
import { readMessengerId, readPhoneSender, readRecipient } from './addresses'
import { readDefaultCountry } from './phone'
import { fillPlaceholders, typedByUser, typedEntriesOf } from './placeholders'
import { fail, failClockRule, isBlank } from './validation'
import { readMap, readTags } from './key-values'
import { channelRegionProblem, mediaRegionProblem, senderRegionProblem, templateRegionProblem } from './region-rules'
import { readMediaUrls, readStatusCallback } from './urls'
import { readValidityPeriod } from './validity-period'
import { decideQuietHours } from './quiet-hours'

/** Form parameters in order; repeated keys (MediaUrl) appear once per value. */
export type FormParams = Array<[string, string]>

export interface BuildContext {
  /** The Segment event the payload was mapped from: fills `{{…}}` placeholders left in the inline body. */
  event?: unknown
  /** The clock for scheduling rules and quiet hours (tests pass a fixed one). */
  now?: Date
  /**
   * The subscription's mapping before it was resolved. Placeholders are filled only in text the user typed; text a
   * directive (`@template`, `@path`) produced came from the event, and its braces are data, never placeholders.
   */
  mapping?: unknown
  /**
   * Content Variables values as text (the live destination's flag twilio-messaging-stringify-content-variables).
   * Off, numbers and booleans keep their JSON type, as the live destination sends them.
   */
  contentVariablesAsText?: boolean
  /**
   * The message goes to a Twilio stand-in on this machine (the emulator, through the dev tools), which can fetch and
   * call loopback URLs (the dev server's own /callbacks). Never set in Segment: Twilio cannot reach them.
   */
  localTwilio?: boolean
  /** The Twilio Region of the settings (default US1): what it cannot send is refused here (region-rules.ts). */
  region?: TwilioRegion
}

export interface MessageRequest {
  channel: Channel
  senderType: SenderType
  params: FormParams
  /** What quiet hours decided (quiet-hours.ts), when they are on: `scheduled for …, 08:00 America/Chicago, …`. */
  quietHours?: string
  /**
   * What duplicate protection remembers the message by, when it differs from `params`: the parameters without the
   * Send At quiet hours chose. That choice reads the clock, so a redelivery an hour later may choose another (or
   * none, once the allowed hours have begun); it is still the same message, and must be answered from its record.
   */
  recordParams?: FormParams
}

export function buildMessageRequest(payload: Payload, context: BuildContext = {}): MessageRequest {
  // Through Date.now, so a test can fix the clock the same way under jest 27 (the monorepo's) and jest 29.
  const now = context.now ?? new Date(Date.now())
  const region = context.region ?? 'us1'
  const channel = readChannel(payload.channel)
  refuseIf(channelRegionProblem(channel, region))
  const senderType = readSenderType(payload.senderType, channel)
  const templateType = readTemplateType(payload.contentTemplateType, channel)
  if (templateType !== INLINE) refuseIf(templateRegionProblem(region, templateType))
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
    const from = readPhoneSender(payload.fromPhoneNumber, channel, country)
    refuseIf(senderRegionProblem(from, region))
    params.push(['From', from])
  }

  if (templateType === INLINE) {
    if (!isBlank(payload.inlineMediaUrls) && !isEmptyList(payload.inlineMediaUrls)) refuseIf(mediaRegionProblem(region))
    const mediaUrls = readMediaUrls(payload.inlineMediaUrls, channel, context.localTwilio === true)
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
    const typed = typedEntriesOf(context.mapping, 'contentVariables')
    const variables = readMap(payload.contentVariables, 'contentVariables', 'Content Variables', {
      maxEntries: LIMITS.contentVariables,
      maxKeyLength: LIMITS.contentVariableKeyLength,
      asText: context.contentVariablesAsText === true,
      // A value typed as `{{first_name}}` is filled from the event, as in the inline body.
      fill: (text, name) =>
        typed(name) ? fillPlaceholders(text, context.event, `Content Variables (contentVariables) '${name}'`) : text
    })
    if (Object.keys(variables).length > 0) params.push(['ContentVariables', JSON.stringify(variables)])
  }

  if (payload.validityPeriod !== undefined && payload.validityPeriod !== null) {
    params.push(['ValidityPeriod', String(readValidityPeriod(payload.validityPeriod, context))])
  }

  const ownSendAt = readOwnSendAt(payload.sendAt, senderType, now)
  const rest: FormParams = []
  if (!isBlank(payload.statusCallback))
    rest.push(['StatusCallback', readStatusCallback(payload.statusCallback as string, context.localTwilio === true)])
  const tags = readTags(payload.tags)
  if (Object.keys(tags).length > 0) rest.push(['Tags', JSON.stringify(tags)])

  // Last, as they read the clock: their refusal never hides one a build without them repeats (recorded-first.ts).
  const quietHours = decideQuietHours(payload, {
    messagingService: senderType === 'Messaging Service',
    sendAt: ownSendAt,
    now
  })
  const sendAt = quietHours ? quietHours.sendAt : ownSendAt

  const request: MessageRequest = { channel, senderType, params: [...params, ...scheduleParams(sendAt), ...rest] }
  if (quietHours) {
    request.quietHours = quietHours.summary
    if (sendAt !== ownSendAt) request.recordParams = [...params, ...scheduleParams(ownSendAt), ...rest]
  }
  return request
}

function scheduleParams(sendAt: string | undefined): FormParams {
  const params: FormParams = []
  if (sendAt !== undefined) params.push(['SendAt', sendAt], ['ScheduleType', 'fixed'])
  return params
}

// ---------------------------------------------------------------------------------------------------------------

const refuseIf = (problem: string | undefined): void => {
  if (problem) fail(problem)
}

const isEmptyList = (value: unknown): boolean => Array.isArray(value) && value.every((item) => isBlank(item))

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
      `Sender Type (senderType) '${senderType}' cannot send ${channelName(channel)}: ${hint}. Choose ${allowed
        .map((a) => `'${a}'`)
        .join(' or ')}.`
    )
  }
  return senderType
}

function readTemplateType(value: unknown, channel: Channel): string {
  const type = normalizeContentTemplateType(value)
  const supported = templateTypesForChannel(channel).map((t) => t.name)
  if (!type) {
    fail(
      `Content Template Type (contentTemplateType) must be ${INLINE} or one of ${supported.join(
        ', '
      )} for ${channelName(channel)}; got ${JSON.stringify(value ?? null)}.`
    )
  }
  if (type !== INLINE && !supported.includes(type as string)) {
    fail(
      `Content Template Type (contentTemplateType) '${type}' is not supported on ${channelName(
        channel
      )}. Choose ${INLINE} or one of ${supported.join(', ')}.`
    )
  }
  return type as string
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

function readInlineBody(value: unknown, event: unknown, typed: boolean): string | undefined {
  if (isBlank(value)) return undefined
  const text = String(value)
  const body = typed ? fillPlaceholders(text, event, { maxLength: LIMITS.bodyLength }) : text
  if (!typed && (body.includes('{{') || body.includes('}}'))) {
    fail(
      "Inline Template (inlineBody): the text the mapping produced from the event contains '{{' or '}}', which is never sent. Check the event's values, or map the body from fields without braces."
    )
  }
  if (body.trim() === '') return undefined
  if (body.length > LIMITS.bodyLength) {
    fail(
      `Inline Template (inlineBody) is ${body.length.toLocaleString(
        'en-US'
      )} characters after filling placeholders; Twilio allows at most ${LIMITS.bodyLength.toLocaleString(
        'en-US'
      )}. Shorten the text.`
    )
  }
  return body
}

// ---------------------------------------------------------------------------------------------------------------
// Schedule

/** The mapping's own Send At, checked against Twilio's window; undefined to send at once. */
function readOwnSendAt(value: unknown, senderType: SenderType, now: Date): string | undefined {
  if (isBlank(value)) return undefined
  if (senderType !== 'Messaging Service') {
    fail(
      "Send At (sendAt) needs the Messaging Service sender: Twilio only schedules messages sent through a Messaging Service. Set Sender Type to 'Messaging Service', or clear Send At to send at once."
    )
  }
  return readSendAt(value as string, now)
}

function readSendAt(value: string, now: Date): string {
  const time = Date.parse(value)
  if (Number.isNaN(time)) {
    fail(`Send At (sendAt) '${value}' is not a date and time: use ISO 8601 such as 2026-12-24T09:00:00Z.`)
  }
  const ahead = time - now.getTime()
  if (ahead < LIMITS.scheduleMinAheadMs) {
    failClockRule(
      `Send At (sendAt) '${value}' must be at least 15 minutes in the future: Twilio schedules messages 15 minutes to 35 days ahead (error 35114). Pick a later time, or clear Send At to send at once.`
    )
  }
  if (ahead > LIMITS.scheduleMaxAheadMs) {
    failClockRule(
      `Send At (sendAt) '${value}' is more than 35 days ahead; Twilio schedules at most 35 days in advance. Pick an earlier time, or clear Send At to send at once.`
    )
  }
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
