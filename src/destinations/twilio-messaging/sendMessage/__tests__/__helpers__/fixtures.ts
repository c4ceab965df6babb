// Settings, mappings and events for the sendMessage tests in this folder (which import nothing from outside it).
import type { Settings } from '../../../generated-types'
import { ACCOUNT_SID, API_KEY_SID } from '../../../__tests__/__helpers__/fixtures'

export {
  ACCOUNT_SID,
  API_KEY_SID,
  MESSAGES_PATH,
  MG_SID,
  TOO_MANY_REQUESTS,
  TWILIO,
  multistatus
} from '../../../__tests__/__helpers__/fixtures'
export type { Entry } from '../../../__tests__/__helpers__/fixtures'
export const settings: Settings = { accountSID: ACCOUNT_SID, apiKeySID: API_KEY_SID, apiKeySecret: 'test-secret-1' }

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

/** Environment knobs of the action, by name (so these tests also run against code that predates a module). */
export const SEND_TIMEOUT_ENV = 'TWILIO_MESSAGING_SEND_TIMEOUT_MS'
export const READBACK_WAITS_ENV = 'TWILIO_MESSAGING_READBACK_WAITS_MS'
