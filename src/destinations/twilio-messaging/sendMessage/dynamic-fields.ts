// The dropdowns of the Send message action, filled live from the user's Twilio account. Every handler returns
// a DynamicFieldResponse and never throws: failures come back as `error: { code, message }` a marketer can act
// on. Lists are read to their last page (listPages, PageSize 1000, ContentAndApprovals 500) so that large
// accounts show everything and templates can be sorted (approved first). Twilio facts live in ../twilio.
import type { DynamicFieldItem, DynamicFieldResponse, RequestClient } from '@segment/actions-core'
import {
  CHANNELS,
  CHANNEL_LABELS,
  INLINE,
  LIST_KEYS,
  MESSAGING_SERVICE_SID_PATTERN,
  PHONE_NUMBER_CAPABILITY_BY_CHANNEL,
  REGIONS,
  SENDER_LIST_CHANNEL,
  SENDER_TYPES_BY_CHANNEL,
  SHORT_CODE_CHANNELS,
  capabilityNames,
  channelSendersUrl,
  hasCapability,
  incomingPhoneNumbersUrl,
  listPages,
  messagingServicesUrl,
  normalizeChannel,
  shortCodesUrl,
  templateTypesForChannel
} from '../twilio'
import type { ChannelSender, IncomingPhoneNumber, ListResult, MessagingService, SenderType, ShortCode } from '../twilio'
import { senderChoices } from './sender-choices'
import { FLAGS, isOn } from './flags'
import {
  displayName,
  errorResponse,
  requireRegionalChannel,
  requireSettings,
  requireTarget,
  safe,
  stop,
  withTruncationNote
} from './lookup'
import { noRegionalSenderProblem, senderRegionProblem, templateRegionProblem } from './region-rules'
import type { DynamicFields, Lookup, LookupInput } from './lookup'
import { contentSid, contentVariableKeys } from './template-lookups'

// ---------------------------------------------------------------------------------------------------------------
// Handlers without requests

const SENDER_TYPE_DESCRIPTIONS: Record<SenderType, string> = {
  'Phone number': 'One of your Twilio phone numbers, a short code or an alphanumeric sender ID.',
  'Messaging Service': 'A pool of senders managed in Twilio; needed for RCS and for scheduled messages.',
  'Facebook Page ID': 'The Facebook Page connected to Twilio that sends Messenger messages.'
}

// Only the channels the Twilio Region of the settings sends. Messenger is offered only where Segment turned the live
// destination's Messenger flag on; mappings that already hold it keep sending.
const channel: Lookup = async (_request, { features, settings }) => {
  const offered = REGIONS[requireTarget(settings).region].channels
  return {
    choices: CHANNELS.filter(
      (value) => offered.includes(value) && (value !== 'Messenger' || isOn(features, FLAGS.messenger))
    ).map((value) => ({ label: CHANNEL_LABELS[value], value }))
  }
}

const senderType: Lookup = async (_request, input) => {
  const selected = requireRegionalChannel(input, 'the sender types').channel
  return {
    choices: SENDER_TYPES_BY_CHANNEL[selected].map((value) => ({
      label: value,
      value,
      description: SENDER_TYPE_DESCRIPTIONS[value]
    }))
  }
}

const contentTemplateType: Lookup = async (_request, input) => {
  const { channel: selected, target } = requireRegionalChannel(input, 'the template types')
  // Where the region refuses Content Templates, Inline is all there is.
  const types = templateRegionProblem(target.region) ? [] : templateTypesForChannel(selected)
  return {
    choices: [
      { label: INLINE, value: INLINE, description: 'Write the message in the Inline Template field.' },
      ...types.map((type) => ({
        label: type.name,
        value: type.name,
        description: `A Twilio Content Template of type ${type.twilioType}.`
      }))
    ]
  }
}

/** Twilio's default friendly name is the number formatted, `(415) 555-0100`: not worth repeating in the label. */
function sameNumber(name: string, e164: string): boolean {
  const digits = name.replace(/\D/g, '')
  return /^[\d\s()+.-]+$/.test(name) && digits.length > 0 && e164.replace(/\D/g, '').endsWith(digits)
}

// ---------------------------------------------------------------------------------------------------------------
// From Phone Number: the account's numbers that can send on the channel, plus short codes for SMS and MMS, that
// the Twilio Region of the settings lets send

const fromPhoneNumber: Lookup = async (request, input) => {
  const { settings } = input
  const selected = requireRegionalChannel(input, 'the senders').channel
  const capability = PHONE_NUMBER_CAPABILITY_BY_CHANNEL[selected]
  if (!capability) {
    if (selected === 'Messenger') {
      return stop(
        'SENDER_TYPE_MISMATCH',
        'Messenger messages come from a Facebook Page, not a phone number: set Sender Type to Facebook Page ID and type the Page ID.'
      )
    }
    // WhatsApp never gets here (its senders are listed by channelSenders); RCS goes through a Messaging Service.
    const hint =
      'RCS messages are sent through a Messaging Service that holds your RCS sender: set Sender Type to Messaging Service and pick it there.'
    return stop(
      'TYPE_SENDER',
      `Twilio offers no list of ${selected} senders here. ${hint} Your ${selected} senders are in Twilio Console > Messaging > Senders.`
    )
  }
  const target = requireSettings(settings)
  const accountSid = settings.accountSID.trim()
  const withShortCodes = SHORT_CODE_CHANNELS.includes(selected) && !REGIONS[target.region].shortCodeRefusal
  const [numbers, shortCodes] = await Promise.all([
    listPages<IncomingPhoneNumber>(
      request,
      target,
      'api',
      incomingPhoneNumbersUrl(target, accountSid),
      LIST_KEYS.incomingPhoneNumbers
    ),
    withShortCodes
      ? listPages<ShortCode>(request, target, 'api', shortCodesUrl(target, accountSid), LIST_KEYS.shortCodes)
      : Promise.resolve<ListResult<ShortCode>>({ items: [], pages: 0, truncated: false })
  ])

  const choices: DynamicFieldItem[] = []
  const seen = new Set<string>()
  let outOfRegion = 0
  for (const number of numbers.items) {
    const value = typeof number?.phone_number === 'string' ? number.phone_number.trim() : ''
    if (!value || seen.has(value) || !hasCapability(number.capabilities, capability)) continue
    seen.add(value)
    if (senderRegionProblem(value, target.region)) {
      outOfRegion++
      continue
    }
    const name = displayName(number.friendly_name, '')
    choices.push({
      label: name && !sameNumber(name, value) ? `${value} (${name})` : value,
      value,
      description: `Phone number · ${capabilityNames(number.capabilities).join(', ')}`
    })
  }
  for (const shortCode of shortCodes.items) {
    const value = typeof shortCode?.short_code === 'string' ? shortCode.short_code.trim() : ''
    if (!value || seen.has(value)) continue
    seen.add(value)
    const name = displayName(shortCode.friendly_name, '')
    choices.push({
      label: name && name !== value ? `${value} (${name})` : value,
      value,
      description: 'Short code · SMS, MMS'
    })
  }

  if (choices.length === 0) {
    const total = numbers.items.length + shortCodes.items.length
    if (outOfRegion > 0) return errorResponse('NO_REGIONAL_SENDER', noRegionalSenderProblem(target.region))
    return total === 0
      ? errorResponse(
          'EMPTY_ACCOUNT',
          `No phone numbers${
            withShortCodes ? ' or short codes' : ''
          } in this Twilio account: buy one in Twilio Console > Phone Numbers, or set Sender Type to Messaging Service.`
        )
      : errorResponse(
          'NO_CAPABLE_SENDER',
          `None of the ${total.toLocaleString(
            'en-US'
          )} numbers in this Twilio account can send ${selected}: pick another channel, enable ${selected} on a number in Twilio Console > Phone Numbers, or type an alphanumeric sender ID.`
        )
  }
  return withTruncationNote(
    { choices },
    numbers.truncated || shortCodes.truncated,
    'phone numbers',
    'type the number in E.164 format if yours is not listed.'
  )
}

// ---------------------------------------------------------------------------------------------------------------
// From Phone Number on WhatsApp: the account's senders from the Senders API (GET /v2/Channels/Senders?Channel=…)

const channelSenders: Lookup = async (request, input) => {
  const selected = requireRegionalChannel(input, 'the senders').channel
  const filter = SENDER_LIST_CHANNEL[selected]
  if (!filter) return stop('TYPE_SENDER', `Twilio lists no ${selected} senders.`)
  const target = requireSettings(input.settings)
  const list = await listPages<ChannelSender>(
    request,
    target,
    'messaging',
    channelSendersUrl(target, filter),
    LIST_KEYS.senders
  )
  const label = CHANNEL_LABELS[selected]
  const { choices, sendable } = senderChoices(list.items, label, filter)
  if (choices.length === 0) {
    return errorResponse(
      'EMPTY_ACCOUNT',
      `No ${label} senders in this Twilio account: register one in Twilio Console > Messaging > Senders, or type your ${label}-enabled number in E.164 format, for example +14155550100.`
    )
  }
  if (sendable === 0) {
    const count = choices.length.toLocaleString('en-US')
    return {
      choices,
      error: {
        code: 'NO_ONLINE_SENDER',
        message: `None of the ${count} ${label} senders of this account is online, so none can send now: see each sender's status, and Twilio Console > Messaging > Senders.`
      }
    }
  }
  return withTruncationNote(
    { choices },
    list.truncated,
    `${label} senders`,
    'type the number in E.164 format if yours is not listed.'
  )
}

const phoneNumbersLookup = safe('the phone numbers of this account', fromPhoneNumber)
const channelSendersLookup = safe('the WhatsApp senders of this account', channelSenders)

/** WhatsApp lists the account's senders (Senders API); SMS and MMS its numbers and short codes. */
const fromPhoneNumberChoices = (request: RequestClient, input: LookupInput): Promise<DynamicFieldResponse> => {
  const selected = normalizeChannel(input.payload?.channel)
  return selected && SENDER_LIST_CHANNEL[selected]
    ? channelSendersLookup(request, input)
    : phoneNumbersLookup(request, input)
}

// ---------------------------------------------------------------------------------------------------------------
// Messaging Service SID: every Messaging Service as `Friendly Name [MG…]`

const messagingServiceSid: Lookup = async (request, { settings, payload }) => {
  const target = requireSettings(settings)
  const services = await listPages<MessagingService>(
    request,
    target,
    'messaging',
    messagingServicesUrl(target),
    LIST_KEYS.services
  )
  const selected = normalizeChannel(payload?.channel)
  const choices: DynamicFieldItem[] = services.items
    .filter((service) => typeof service?.sid === 'string' && MESSAGING_SERVICE_SID_PATTERN.test(service.sid))
    .map((service) => {
      const sid = service.sid as string
      const value = `${displayName(service.friendly_name, sid)} [${sid}]`
      return {
        label: value,
        value,
        description:
          selected === 'RCS' ? 'Messaging Service · RCS needs a service that holds an RCS sender' : 'Messaging Service'
      }
    })
    .sort((a, b) => a.label.localeCompare(b.label, 'en', { sensitivity: 'base', numeric: true }))
  if (choices.length === 0) {
    return errorResponse(
      'EMPTY_ACCOUNT',
      'No Messaging Services in this account: create one in the Twilio Console (Messaging > Services) and add your senders to it.'
    )
  }
  return withTruncationNote(
    { choices },
    services.truncated,
    'Messaging Services',
    'type the SID (MG followed by 32 hexadecimal characters) if yours is not listed.'
  )
}

// ---------------------------------------------------------------------------------------------------------------

export const dynamicFields: DynamicFields = {
  channel: safe('the channels', channel),
  senderType: safe('the sender types', senderType),
  contentTemplateType: safe('the template types', contentTemplateType),
  fromPhoneNumber: fromPhoneNumberChoices,
  messagingServiceSid: safe('the Messaging Services of this account', messagingServiceSid),
  contentSid: safe('the Content Templates of this account', contentSid),
  contentVariables: {
    __keys__: safe(
      'the Content Template',
      contentVariableKeys,
      'it may have been deleted or belong to another account. Pick the template again from the list'
    )
  }
}
