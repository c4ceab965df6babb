// Channels, sender types and Content Template types, with the values saved in mappings.

// The values are the live destination's (its channel dropdown stores `Whatsapp`): every saved mapping holds them,
// so they never change. Labels are free to read well.
export const CHANNELS = ['SMS', 'MMS', 'Whatsapp', 'RCS', 'Messenger'] as const
export type Channel = typeof CHANNELS[number]

export const CHANNEL_LABELS: Record<Channel, string> = {
  SMS: 'SMS',
  MMS: 'MMS (picture messages)',
  Whatsapp: 'WhatsApp',
  RCS: 'RCS (rich messages, falls back to SMS)',
  Messenger: 'Facebook Messenger'
}

/**
 * Every spelling of a channel that a saved mapping may hold: the live value, plus `WhatsApp` (this project's
 * earlier value, and the label people type). `depends_on` and conditional `required` compare exactly, so their
 * conditions list all of these.
 */
export const CHANNEL_SPELLINGS: Record<Channel, readonly string[]> = {
  SMS: ['SMS'],
  MMS: ['MMS'],
  Whatsapp: ['Whatsapp', 'WhatsApp'],
  RCS: ['RCS'],
  Messenger: ['Messenger']
}

export function channelSpellings(channels: readonly Channel[]): string[] {
  return channels.reduce<string[]>((all, channel) => all.concat(CHANNEL_SPELLINGS[channel]), [])
}

/** How a channel is named in a sentence (`WhatsApp`), as opposed to the value a mapping stores (`Whatsapp`). */
export function channelName(channel: Channel): string {
  return channel === 'Whatsapp' ? 'WhatsApp' : channel
}

/** Case-insensitive, so mappings saved as `whatsapp` or `sms` keep working when sent. */
export function normalizeChannel(value: unknown): Channel | undefined {
  if (typeof value !== 'string') return undefined
  const wanted = value.trim().toLowerCase()
  return CHANNELS.find((channel) => channel.toLowerCase() === wanted)
}

export const SENDER_TYPES = ['Phone number', 'Messaging Service', 'Facebook Page ID'] as const
export type SenderType = typeof SENDER_TYPES[number]

export function normalizeSenderType(value: unknown): SenderType | undefined {
  if (typeof value !== 'string') return undefined
  const wanted = value.trim().toLowerCase()
  return SENDER_TYPES.find((type) => type.toLowerCase() === wanted)
}

export const SENDER_TYPES_BY_CHANNEL: Record<Channel, readonly SenderType[]> = {
  SMS: ['Phone number', 'Messaging Service'],
  MMS: ['Phone number', 'Messaging Service'],
  Whatsapp: ['Phone number', 'Messaging Service'],
  RCS: ['Messaging Service'],
  Messenger: ['Facebook Page ID']
}

/** Channels whose messages can carry `MediaUrl`. */
export const MEDIA_CHANNELS: readonly Channel[] = ['MMS', 'Whatsapp', 'RCS', 'Messenger']

export const INLINE = 'Inline'

export interface ContentTemplateType {
  /** The value saved in mappings (`contentTemplateType`). */
  name: string
  /** The key of this type inside a Content resource's `types`. */
  twilioType: string
  channels: readonly Channel[]
}

export const CONTENT_TEMPLATE_TYPES: readonly ContentTemplateType[] = [
  { name: 'Text', twilioType: 'twilio/text', channels: ['SMS', 'RCS', 'Whatsapp', 'Messenger'] },
  { name: 'Media', twilioType: 'twilio/media', channels: ['MMS', 'RCS', 'Whatsapp', 'Messenger'] },
  { name: 'Location', twilioType: 'twilio/location', channels: ['Whatsapp'] },
  { name: 'Quick Reply', twilioType: 'twilio/quick-reply', channels: ['Whatsapp', 'Messenger'] },
  { name: 'Call to Action', twilioType: 'twilio/call-to-action', channels: ['Whatsapp', 'Messenger'] },
  { name: 'List Picker', twilioType: 'twilio/list-picker', channels: ['Whatsapp'] },
  { name: 'Card', twilioType: 'twilio/card', channels: ['RCS', 'Whatsapp', 'Messenger'] },
  { name: 'Carousel', twilioType: 'twilio/carousel', channels: ['RCS', 'Whatsapp'] },
  { name: 'Catalog', twilioType: 'twilio/catalog', channels: ['Whatsapp'] },
  { name: 'WhatsApp Card', twilioType: 'whatsapp/card', channels: ['Whatsapp'] },
  { name: 'WhatsApp Authentication', twilioType: 'whatsapp/authentication', channels: ['Whatsapp'] }
]

export function templateTypesForChannel(channel: Channel): ContentTemplateType[] {
  return CONTENT_TEMPLATE_TYPES.filter((type) => type.channels.includes(channel))
}

/** `Inline` or a known template type name, matched case-insensitively. */
export function normalizeContentTemplateType(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const wanted = value.trim().toLowerCase()
  if (wanted === INLINE.toLowerCase()) return INLINE
  return CONTENT_TEMPLATE_TYPES.find((type) => type.name.toLowerCase() === wanted)?.name
}
