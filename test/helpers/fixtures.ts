import type { Payload } from '../../src/destinations/twilio-messaging/sendMessage/generated-types'

export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef'
export const API_KEY_SID = 'SK0123456789abcdef0123456789abcdef'
export const API_KEY_SECRET = 'test-secret-do-not-log'
export const SETTINGS = { accountSID: ACCOUNT_SID, apiKeySID: API_KEY_SID, apiKeySecret: API_KEY_SECRET }
export const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`

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
