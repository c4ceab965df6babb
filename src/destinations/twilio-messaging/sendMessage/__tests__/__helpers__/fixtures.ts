// Settings, mappings and events for the sendMessage tests in this folder (which import nothing from outside it).
import type { Settings } from '../../../generated-types'

export const TWILIO = 'https://api.twilio.com'
export const ACCOUNT_SID = 'AC' + '0123456789abcdef'.repeat(2)
export const API_KEY_SID = 'SK' + 'fedcba9876543210'.repeat(2)
export const MG_SID = 'MG' + '0123456789abcdef'.repeat(2)
export const settings: Settings = { accountSID: ACCOUNT_SID, apiKeySID: API_KEY_SID, apiKeySecret: 'test-secret-1' }
export const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`

/** A saved SMS mapping with the hidden messageId field, as the UI saves it. */
export const mapping = {
  channel: 'SMS',
  senderType: 'Phone number',
  contentTemplateType: 'Inline',
  toPhoneNumber: { '@path': '$.properties.phone' },
  fromPhoneNumber: '+14155550100',
  inlineBody: 'Hi {{first_name}}, order {{properties.order_id}} shipped',
  defaultCountry: 'US',
  messageId: { '@path': '$.messageId' }
}

let counter = 0

export function smsEvent(properties: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
  counter++
  return {
    type: 'track' as const,
    event: 'Order Shipped',
    messageId: `m-${process.pid}-${Date.now()}-${counter}`,
    timestamp: new Date().toISOString(),
    properties: { phone: '+14155552671', first_name: 'Ada', order_id: `A-${counter}`, ...properties },
    ...overrides
  }
}

export type Entry = Record<string, unknown> & { status: number }

/** The per-event results of the last batch run through createTestIntegration. */
export function multistatus(testDestination: { results: unknown[] }): Entry[] {
  return (testDestination.results[0] as { multistatus: Entry[] }).multistatus
}

/** Environment knobs of the action, by name (so these tests also run against code that predates a module). */
export const SEND_TIMEOUT_ENV = 'TWILIO_MESSAGING_SEND_TIMEOUT_MS'
export const READBACK_WAITS_ENV = 'TWILIO_MESSAGING_READBACK_WAITS_MS'
