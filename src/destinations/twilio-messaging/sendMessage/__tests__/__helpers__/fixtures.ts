// Settings, mappings and events for the sendMessage tests in this folder (which import nothing from outside it).
import type { Settings } from '../../../generated-types'
import { createTwilioMessaging } from '../../..'
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

/** Time budgets short enough for a timeout to cost a test a fifth of a second, long enough for nock to answer. */
export const QUICK = { sendTimeoutMs: 200, lookupTimeoutMs: 1000, eventDeadlineMs: 2000, batchDeadlineMs: 4000 }
/** How late a "slow" answer comes: well after QUICK's send timeout. */
export const SLOW_MS = 500

/** The destination with QUICK time budgets (and any other tuning). */
export const quickDestination = (tuning: Parameters<typeof createTwilioMessaging>[0] = {}) =>
  createTwilioMessaging({ ...QUICK, ...tuning })

/** The destination with the default time budgets and at most `concurrencyCeiling` sends in flight per account. */
export const withCeiling = (concurrencyCeiling: number) => createTwilioMessaging({ concurrencyCeiling })
