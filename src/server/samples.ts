// The sample event, mapping and curl command that `npm start` prints: they work against the emulator's demo account.
import type { JSONObject } from '@segment/actions-core'
import { settingsRegion } from '../destinations/twilio-messaging/twilio'
import { IE1_DEMO_NUMBERS } from '../emulator/regional-seed'

/** An SMS-capable number of the emulator's demo account (`+14155550100`, "Main line"). */
export const DEMO_FROM_NUMBER = '+14155550100'

/** The demo number to send from in the settings' Twilio Region: IE1 has no +1 numbers (its UK number instead). */
export function demoFromNumber(settings?: unknown): string {
  return settingsRegion(settings) === 'ie1' ? IE1_DEMO_NUMBERS.uk : DEMO_FROM_NUMBER
}

export interface DestinationSettings extends JSONObject {
  accountSID: string
  apiKeySID: string
  apiKeySecret: string
}

/** The destination's settings for a set of emulator-style credentials. */
export function settingsFor(credentials: { accountSid: string; apiKeySid: string; apiKeySecret: string }) {
  return {
    accountSID: credentials.accountSid,
    apiKeySID: credentials.apiKeySid,
    apiKeySecret: credentials.apiKeySecret
  } satisfies DestinationSettings
}

/** A Segment track event with a phone number in `context.traits`, as a source would send it. */
export function sampleEvent(now: Date = new Date()): JSONObject {
  return {
    type: 'track',
    event: 'Order Shipped',
    userId: 'user-1001',
    anonymousId: 'anon-1001',
    messageId: `dev-server-sample-${now.getTime()}`,
    timestamp: now.toISOString(),
    properties: { order_id: 'A-1001', first_name: 'Ada' },
    context: {
      traits: { phone: '+14155552671', first_name: 'Ada', email: 'ada@example.com' },
      timezone: 'America/Los_Angeles'
    }
  }
}

/**
 * A working SMS mapping from a demo number: the placeholders are filled from the event. With `statusCallback` (the
 * dev server's own `/callbacks` receiver), delivery receipts become visible with no other tool.
 */
export function sampleMapping(from: string = DEMO_FROM_NUMBER, statusCallback?: string): JSONObject {
  return {
    channel: 'SMS',
    senderType: 'Phone number',
    contentTemplateType: 'Inline',
    toPhoneNumber: { '@path': '$.context.traits.phone' },
    fromPhoneNumber: from,
    inlineBody: 'Hi {{first_name}}, your order {{properties.order_id}} has shipped!',
    ...(statusCallback ? { statusCallback } : {})
  }
}

export function sampleRequestBody(settings: DestinationSettings, now?: Date, statusCallback?: string): JSONObject {
  return { payload: sampleEvent(now), settings, mapping: sampleMapping(demoFromNumber(settings), statusCallback) }
}

/** POSIX shell single quoting: safe for any JSON. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** Shell code that makes a new messageId each time the curl is pasted: the time and bash/zsh's $RANDOM. */
export const SHELL_MESSAGE_ID = 'curl-sample-$(date +%s)-$RANDOM'

/** What the banner says about the curl's messageId. */
export const SAMPLE_MESSAGE_ID_NOTE =
  'each paste sends a fresh messageId, made by your shell from the time and $RANDOM, so duplicate protection ' +
  'does not answer a second paste'

const MESSAGE_ID_MARKER = '@@MESSAGE_ID@@'

/**
 * A ready-to-paste curl that sends the sample event through `POST /sendMessage`. Its messageId is made by the
 * shell at each paste (the JSON's single quotes are closed around a double-quoted `$(…)`), since a fixed one would
 * be answered by duplicate protection from the second paste on.
 */
export function sampleCurl(serverUrl: string, settings: DestinationSettings, now?: Date): string {
  const body = sampleRequestBody(settings, now, `${serverUrl}/callbacks`)
  const payload = { ...(body.payload as JSONObject), messageId: MESSAGE_ID_MARKER }
  const quoted = shellQuote(JSON.stringify({ ...body, payload })).replace(MESSAGE_ID_MARKER, `'"${SHELL_MESSAGE_ID}"'`)
  return `curl -sS -X POST ${serverUrl}/sendMessage -H 'Content-Type: application/json' --data ${quoted}`
}
