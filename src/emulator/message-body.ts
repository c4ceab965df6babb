// The body of an accepted message: its Body, or its Content template rendered with the variables; and the
// segments Twilio counts for it.
import type { SeedContent } from './demo-content-templates'
import type { MessageChannel } from './message-addresses'

// GSM 03.38 basic character set, and the extension table (each extension character takes two septets).
const GSM_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
  )
)
const GSM_EXTENSION = new Set(Array.from('^{}\\[~]|€\f'))

export function countSegments(body: string): { segments: number; encoding: 'GSM-7' | 'UCS-2' } {
  let septets = 0
  let gsm = true
  for (const char of body) {
    if (GSM_BASIC.has(char)) septets += 1
    else if (GSM_EXTENSION.has(char)) septets += 2
    else {
      gsm = false
      break
    }
  }
  if (gsm) return { encoding: 'GSM-7', segments: septets <= 160 ? 1 : Math.ceil(septets / 153) }
  // UCS-2 counts UTF-16 code units: characters outside the BMP (most emoji) take two.
  const units = body.length
  return { encoding: 'UCS-2', segments: units <= 70 ? 1 : Math.ceil(units / 67) }
}

/**
 * Segments as Twilio bills them: only an SMS is split (GSM-7 / UCS-2 rules above). An MMS carries its text and
 * media in one message, and WhatsApp, Messenger and RCS messages are one message whatever their length, so each of
 * those counts 1 (Twilio's pricing pages: SMS per segment, MMS and WhatsApp per message).
 */
export function countSegmentsFor(
  channel: MessageChannel,
  body: string,
  mediaCount: number
): { segments: number; encoding: 'GSM-7' | 'UCS-2' } {
  const counted = countSegments(body)
  return channel === 'sms' && mediaCount === 0 ? counted : { segments: 1, encoding: counted.encoding }
}

/**
 * The content type Twilio sends on a channel: on WhatsApp, RCS and Messenger the template's rich type (a quick reply,
 * a card) when it has one with a body; on SMS and MMS its `twilio/text` fallback. Else the first type with a body.
 */
function contentTypeFor(content: SeedContent, channel: MessageChannel): { body?: unknown; actions?: unknown } {
  const types = content.types as Record<string, { body?: unknown; actions?: unknown }>
  const withBody = Object.entries(types).filter(([, type]) => typeof type?.body === 'string')
  const rich = withBody.find(([name]) => name !== 'twilio/text')
  if (channel !== 'sms' && rich) return rich[1]
  return types['twilio/text'] ?? withBody[0]?.[1] ?? {}
}

/** The text a template produces on a channel, placeholders filled from the variables, then the template's defaults. */
export function renderContent(
  content: SeedContent,
  variables: Record<string, string> | null,
  channel: MessageChannel = 'sms'
): string {
  const template = contentTypeFor(content, channel).body
  return (typeof template === 'string' ? template : '').replace(
    /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g,
    (_all, key: string) => {
      return variables?.[key] ?? content.variables[key] ?? ''
    }
  )
}

/** The titles of the buttons (quick replies, card actions) the template sends on a channel. */
export function contentButtons(content: SeedContent, channel: MessageChannel): string[] {
  const actions = contentTypeFor(content, channel).actions
  return Array.isArray(actions)
    ? actions.map((action) => (action as { title?: unknown })?.title).filter((title) => typeof title === 'string')
    : []
}
