// Constants the emulator tests share (not a test file itself): the demo account's SIDs and addresses, and time units.
import { createDemoAccount } from '../../src/emulator/seed'

/** The seeded demo account; createDemoAccount is deterministic, so its SIDs match the emulator's. */
export const account = createDemoAccount()
export const [MARKETING, NOTIFICATIONS] = account.services.map((service) => service.sid)
export const contentSid = (name: string) => account.contents.find((content) => content.friendlyName === name)!.sid

/** A number of the demo account that sends SMS and MMS. */
export const MAIN = '+14155550100'
/** The demo account's WhatsApp sender. */
export const WA_SENDER = 'whatsapp:+14155550123'
export const TO = '+14155551212'

export const MINUTE = 60 * 1000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
