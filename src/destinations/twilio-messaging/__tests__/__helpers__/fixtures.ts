import type { Settings } from '../../generated-types'
import type { Payload } from '../../sendMessage/generated-types'

export const ACCOUNT_SID = 'AC' + '0123456789abcdef'.repeat(2)
export const API_KEY_SID = 'SK' + 'fedcba9876543210'.repeat(2)
/** Distinctive, so a test can search every output for it. */
export const API_KEY_SECRET = 'sEcReT-do-not-leak-4f9c2b7e'

export const settings: Settings = { accountSID: ACCOUNT_SID, apiKeySID: API_KEY_SID, apiKeySecret: API_KEY_SECRET }

export const TWILIO = 'https://api.twilio.com'
export const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`

/** Twilio's answer when the account has too many requests in flight (HTTP 429). */
export const TOO_MANY_REQUESTS = { code: 20429, message: 'Too Many Requests', status: 429 }

/** A mapping on top of the defaults: SMS from a fixed number, body with a placeholder. */
export const mapping = {
  fromPhoneNumber: '+15005550006',
  inlineBody: 'Hi {{first_name}}, your order {{properties.order_id}} shipped'
}

let counter = 0

export function smsEvent(overrides: Record<string, unknown> = {}) {
  counter++
  return {
    type: 'track' as const,
    event: 'Order Shipped',
    messageId: `msg-${process.pid}-${Date.now()}-${counter}`,
    properties: { phone: '+14155552671', first_name: 'Ada', order_id: `A-${counter}` },
    ...overrides
  }
}

export function twilioMessage(sid: string, body: Record<string, string> = {}) {
  return {
    sid,
    status: 'queued',
    account_sid: ACCOUNT_SID,
    num_segments: '1',
    num_media: '0',
    error_code: null,
    ...body
  }
}

export type Entry = Record<string, unknown> & { status: number }

/** The per-event results of the last testBatchAction. */
export function multistatus(testDestination: { results: unknown[] }): Entry[] {
  return (testDestination.results[0] as { multistatus: Entry[] }).multistatus
}

export const SETTINGS = settings

export const MG_SID = 'MG0123456789abcdef0123456789abcdef'
export const HX_SID = 'HXabcdef0123456789abcdef0123456789'

/** Fixed clock for scheduling rules. */
export const NOW = new Date('2026-11-26T12:00:00Z')

export function smsPayload(overrides: Partial<Payload> = {}): Payload {
  return {
    channel: 'SMS',
    senderType: 'Phone number',
    contentTemplateType: 'Inline',
    toPhoneNumber: '+14155552671',
    fromPhoneNumber: '+14155550100',
    inlineBody: 'Hello',
    ...overrides
  }
}

export const BASIC_AUTH = `Basic ${Buffer.from(`${API_KEY_SID}:${API_KEY_SECRET}`).toString('base64')}`

/** A form body's pairs in order; through forEach, which the monorepo's `lib: es2020` types without DOM iterables. */
export function formEntries(form: string | URLSearchParams): Array<[string, string]> {
  const entries: Array<[string, string]> = []
  new URLSearchParams(form).forEach((value, key) => entries.push([key, value]))
  return entries
}

/** One request header as text: nock 14 records a string, nock 13 (the monorepo's) a list of strings. */
export function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}
