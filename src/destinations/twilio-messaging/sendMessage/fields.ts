import type { InputField } from '@segment/actions-core'
import { INLINE, LIMITS, MEDIA_CHANNELS, channelSpellings } from '../twilio'
import type { Channel } from '../twilio'
import { quietHoursFields } from './quiet-hours-fields'

type DependsOnConditions = NonNullable<InputField['depends_on']>

// Conditions compare exact values, so they list every spelling a saved mapping may hold (CHANNEL_SPELLINGS): the
// live destination's `Whatsapp` as well as `WhatsApp`. Other spellings are still sent (channels match without
// regard to case) and checked by buildMessageRequest.
const channelIs = (channels: readonly Channel[]): DependsOnConditions => ({
  match: 'any',
  conditions: channelSpellings(channels).map((value) => ({ fieldKey: 'channel', operator: 'is', value }))
})

const senderTypeIs = (value: string): DependsOnConditions => ({
  conditions: [{ fieldKey: 'senderType', operator: 'is', value }]
})

const templateTypeIsNotInline: DependsOnConditions = {
  conditions: [{ fieldKey: 'contentTemplateType', operator: 'is_not', value: INLINE }]
}

const templateTypeIsInline: DependsOnConditions = {
  conditions: [{ fieldKey: 'contentTemplateType', operator: 'is', value: INLINE }]
}

/** Default and ceiling of `batch_size`; one batch's sends run with bounded concurrency (see batch.ts). */
export const BATCH_SIZE_DEFAULT = 100
export const BATCH_SIZE_MAX = 1000

export const fields: Record<string, InputField> = {
  channel: {
    label: 'Channel',
    description:
      'How the message travels: SMS, MMS, WhatsApp, RCS or Messenger (Facebook Messenger). Example: `SMS`. The value is matched without regard to case.',
    type: 'string',
    required: true,
    dynamic: true,
    default: 'SMS'
  },
  senderType: {
    label: 'Sender Type',
    description:
      'Who the message comes from: `Phone number` (one of your Twilio numbers, a short code or an alphanumeric sender ID), `Messaging Service` (a pool of senders; required for RCS and for scheduled messages) or `Facebook Page ID` (Messenger only).',
    type: 'string',
    required: true,
    dynamic: true,
    default: 'Phone number'
  },
  contentTemplateType: {
    label: 'Content Template Type',
    description:
      'Write the message here (`Inline`) or send a Twilio Content Template of this type (for example `Text`, `Media`, `Quick Reply`, `Card`). Only types the channel supports are offered. WhatsApp messages outside a 24-hour conversation need an approved template.',
    type: 'string',
    required: true,
    dynamic: true,
    default: INLINE
  },
  toPhoneNumber: {
    label: 'To Phone Number',
    description:
      "The recipient's phone number in E.164 format, for example `+14155552671`. With Default Country set, national formats such as `(415) 555-2671` work too. For WhatsApp the `whatsapp:` prefix is added for you.",
    type: 'string',
    default: {
      '@if': {
        exists: { '@path': '$.context.traits.phone' },
        then: { '@path': '$.context.traits.phone' },
        else: { '@path': '$.properties.phone' }
      }
    },
    depends_on: { conditions: [{ fieldKey: 'channel', operator: 'is_not', value: 'Messenger' }] },
    category: 'identifier'
  },
  toMessengerUserId: {
    label: 'To Messenger User ID',
    description:
      "The recipient's Messenger user ID (page-scoped ID, digits only), for example `1234567890123456`. Sent as `messenger:<id>`.",
    type: 'string',
    required: channelIs(['Messenger']),
    depends_on: channelIs(['Messenger']),
    category: 'identifier'
  },
  fromPhoneNumber: {
    label: 'From Phone Number',
    description:
      'The sender: one of your Twilio numbers in E.164 format (`+14155550100`), a short code (`12345`, SMS and MMS) or an alphanumeric sender ID (`ACME`, SMS only, up to 11 letters, digits and spaces, where the country allows it).',
    type: 'string',
    dynamic: true,
    depends_on: senderTypeIs('Phone number')
  },
  fromFacebookPageId: {
    label: 'From Facebook Page ID',
    description:
      'The ID of the Facebook Page connected to Twilio that sends the Messenger message, for example `104417592364187`. Sent as `messenger:<id>`.',
    type: 'string',
    // Required exactly where the live destination requires it.
    required: channelIs(['Messenger']),
    depends_on: senderTypeIs('Facebook Page ID')
  },
  messagingServiceSid: {
    label: 'Messaging Service SID',
    description:
      'The Messaging Service that sends the message: pick it from the list or type its SID (`MG` followed by 32 hexadecimal characters). Needed for RCS and for scheduled messages.',
    type: 'string',
    dynamic: true,
    // Required exactly where the live destination requires it; other channels need it only with that sender type,
    // which perform checks.
    required: channelIs(['RCS']),
    depends_on: senderTypeIs('Messaging Service')
  },
  contentSid: {
    label: 'Content Template SID',
    description:
      'The Twilio Content Template to send: pick it from the list or type its SID (`HX` followed by 32 hexadecimal characters). Create templates in Twilio Console > Messaging > Content Template Builder.',
    type: 'string',
    dynamic: true,
    depends_on: templateTypeIsNotInline
  },
  contentVariables: {
    label: 'Content Variables',
    description: `Values for the template's variables, by variable name, for example \`1\` → \`{{properties.first_name}}\`. Numbers and booleans are sent as they are mapped (as text where Segment has turned that on); empty values are left out so the template's defaults apply. At most ${LIMITS.contentVariables}.`,
    type: 'object',
    dynamic: true,
    defaultObjectUI: 'keyvalue:only',
    additionalProperties: true,
    depends_on: templateTypeIsNotInline
  },
  inlineBody: {
    label: 'Inline Template',
    description: `The message text, up to ${LIMITS.bodyLength.toLocaleString(
      'en-US'
    )} characters. Placeholders such as \`{{first_name}}\` are filled from the event's properties, then traits, then context.traits; \`{{properties.order.id}}\` reads a path from the event. Required unless media URLs are given.`,
    type: 'text',
    depends_on: templateTypeIsInline
  },
  inlineMediaUrls: {
    label: 'Inline Media URLs',
    description: `Up to ${LIMITS.mediaUrls} public http(s) URLs of images or files to attach, for example \`https://example.com/receipt.png\`. Only MMS, WhatsApp, RCS and Messenger carry media.`,
    type: 'string',
    multiple: true,
    depends_on: {
      match: 'all',
      conditions: [
        { fieldKey: 'contentTemplateType', operator: 'is', value: INLINE },
        { fieldKey: 'channel', operator: 'is', value: channelSpellings(MEDIA_CHANNELS) }
      ]
    }
  },
  validityPeriod: {
    label: 'Validity Period',
    description: `How many seconds Twilio may keep trying to deliver the message before giving up, from ${LIMITS.validityPeriodMin} to ${LIMITS.validityPeriodMax} (4 hours). Example: \`600\` for a one-time code. Leave empty for Twilio's default.`,
    // `number` as in the live destination (an `integer` schema would refuse saved values it accepts); perform
    // refuses what is not a whole number, naming the field.
    type: 'number',
    minimum: LIMITS.validityPeriodMin,
    maximum: LIMITS.validityPeriodMax
  },
  sendAt: {
    label: 'Send At',
    description:
      'Schedule the message for later: a date and time at least 15 minutes and at most 35 days ahead, for example `2026-12-24T09:00:00Z`. Only with a Messaging Service sender. Leave empty to send at once.',
    type: 'string',
    format: 'date-time',
    depends_on: senderTypeIs('Messaging Service')
  },
  ...quietHoursFields,
  tags: {
    label: 'Tags',
    description: `Up to ${LIMITS.tags} labels to attach to the message, for example \`campaign\` → \`spring_sale\`. Keys and values: up to ${LIMITS.tagLength} letters, digits, spaces, \`_\` or \`-\`.`,
    type: 'object',
    defaultObjectUI: 'keyvalue:only',
    additionalProperties: true
  },
  statusCallback: {
    label: 'Status Callback URL',
    description:
      'A public http(s) URL that Twilio calls with delivery updates (sent, delivered, failed), for example `https://example.com/twilio/status`. The host name may not contain underscores.',
    type: 'string'
  },
  defaultCountry: {
    label: 'Default Country',
    description:
      'Two-letter country code (ISO 3166-1 alpha-2), for example `US`, used to read phone numbers written without a country code, such as `(415) 555-2671`.',
    type: 'string'
  },
  messageId: {
    label: 'Event Message ID',
    description:
      "The Segment event's messageId. Used only to recognise an event that Segment delivers again, so the recipient does not get the same message twice. Leave the default.",
    type: 'string',
    unsafe_hidden: true,
    readOnly: true,
    default: { '@path': '$.messageId' }
  },
  enable_batching: {
    label: 'Batch Messages',
    description:
      'Let Segment hand this action events in batches, which are sent to Twilio concurrently for higher throughput. Batches wait until they fill or time out, so leave this off for time-critical messages such as one-time codes.',
    type: 'boolean',
    default: false
  },
  batch_size: {
    label: 'Batch Size',
    description: `The most events Segment puts in one batch when batching is on, from 1 to ${BATCH_SIZE_MAX.toLocaleString(
      'en-US'
    )}.`,
    type: 'integer',
    default: BATCH_SIZE_DEFAULT,
    minimum: 1,
    maximum: BATCH_SIZE_MAX,
    unsafe_hidden: false
  }
}
