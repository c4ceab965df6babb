// No secret (API key secret, Authorization header) in any error message, log line or server response.
import { useLoopbackOnly } from './helpers/loopback-only'
import { Destination, createTestIntegration } from '@segment/actions-core'
import type { JSONObject, Logger } from '@segment/actions-core'
import { createTwilioMessaging } from '../src/destinations/twilio-messaging'
import type { Settings } from '../src/destinations/twilio-messaging/generated-types'
import { clearMemoryDedup } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import { startEmulator, DEMO_CREDENTIALS } from '../src/emulator'
import type { RunningEmulator } from '../src/emulator'
import { targetTwilio } from '../src/twilio-target'
import { mapping as faultMapping, faultEvent } from '../bench/lib/fault-run'

useLoopbackOnly()

const secret = DEMO_CREDENTIALS.apiKeySecret
const wrongSecret = 'wrong-secret-also-must-not-leak-77'
const basic = (key: string, pass: string) => Buffer.from(`${key}:${pass}`).toString('base64')
const FORBIDDEN = [
  secret,
  wrongSecret,
  basic(DEMO_CREDENTIALS.apiKeySid, secret),
  basic(DEMO_CREDENTIALS.apiKeySid, wrongSecret)
]
const AUTHORIZATION = /authorization|Basic [A-Za-z0-9+/=]{8,}/i

const seen: string[] = []
function record(label: string, value: unknown) {
  seen.push(`${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
}

const logger = new Proxy({} as Logger, {
  get:
    (_target, level) =>
    (...args: unknown[]) =>
      record(`log.${String(level)}`, args.map(String).join(' '))
})

/** Generous: on a loaded machine a cold first request can take longer than the fault batch's 200 ms. */
const GENEROUS = { sendTimeoutMs: 5000, lookupTimeoutMs: 1000, eventDeadlineMs: 6000, concurrencyCeiling: 5 }
/** For the batch with slow answers: sends time out after 200 ms, and the batch answers within 4 s. */
const HURRIED = {
  sendTimeoutMs: 200,
  lookupTimeoutMs: 1000,
  eventDeadlineMs: 2000,
  batchDeadlineMs: 4000,
  concurrencyCeiling: 5
}

let emulator: RunningEmulator
/** The destination with a time budget, sending to the emulator. */
const definition = (tuning: typeof GENEROUS | typeof HURRIED) =>
  targetTwilio(createTwilioMessaging(tuning), emulator.url)

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.close()
})

const settingsWith = (apiKeySecret: string) => ({
  accountSID: DEMO_CREDENTIALS.accountSid,
  apiKeySID: DEMO_CREDENTIALS.apiKeySid,
  apiKeySecret
})

async function batch(destination: Destination<Settings>, apiKeySecret: string, events: object[]) {
  const results = await destination.executeBatch('sendMessage', {
    events: events as never,
    mapping: faultMapping as JSONObject,
    settings: settingsWith(apiKeySecret),
    logger
  })
  record('multistatus', results)
  for (const response of destination.responses) {
    record('server.status', `${response.status} ${response.statusText}`)
    record('server.headers', response.headers.toJSON())
    record('server.body', (response as { content?: string }).content)
  }
  destination.responses.length = 0
}

describe('secrets', () => {
  it('never appear in errors, logs, batch results or emulator answers, whatever fails', async () => {
    clearMemoryDedup()
    const destination = new Destination(definition(GENEROUS))
    const events = (n: number, tag: string) => Array.from({ length: n }, (_, i) => faultEvent(i, tag))

    // Success, validation failure and Twilio rejections.
    await batch(destination, secret, [
      ...events(3, 'ok'),
      { ...faultEvent(3, 'bad'), properties: { phone: 'nope', order_id: 'x', first_name: 'y' } },
      { ...faultEvent(4, 'bad'), properties: { phone: '+15005550001', order_id: 'x', first_name: 'y' } }
    ])
    // Wrong secret: 401 for every event.
    await batch(destination, wrongSecret, events(3, 'auth'))
    // 429s, 5xx, dropped connections and answers slower than the timeout.
    emulator.setFaults({ rate429: 0.2, rate5xx: 0.2, rateDrop: 0.2, latencyMs: 0, latencyJitterMs: 400, seed: 7 })
    await batch(new Destination(definition(HURRIED)), secret, events(40, 'faults'))
    // Server errors without timeouts: every send gets an answer whatever the machine's load, so the material
    // checked below never depends on timing.
    emulator.setFaults({ rate429: 0, rate5xx: 0.5, rateDrop: 0, latencyJitterMs: 0, seed: 11 })
    await batch(destination, secret, events(20, 'errors'))
    emulator.setFaults({ rate429: 0, rate5xx: 0, rateDrop: 0, latencyJitterMs: 0 })

    // Single sends that throw, and the credential check.
    const testDestination = createTestIntegration(definition(GENEROUS))
    for (const apiKeySecret of [secret, wrongSecret]) {
      try {
        await testDestination.testAction('sendMessage', {
          event: { ...faultEvent(9, `single-${apiKeySecret.length}`), properties: { phone: '+15005550004' } },
          mapping: { ...faultMapping, inlineBody: 'Hi' },
          settings: settingsWith(apiKeySecret),
          logger
        })
      } catch (error) {
        record('error', `${(error as Error).name}: ${(error as Error).message}`)
      }
      try {
        await testDestination.testAuthentication(settingsWith(apiKeySecret))
      } catch (error) {
        record('auth error', (error as Error).message)
      }
    }

    const all = seen.join('\n')
    expect(all).toContain('401') // the failures did happen
    expect(all).toMatch(/Twilio error 2161\d|Twilio error 21211/)
    expect(all).toMatch(/429|503|504/)
    for (const needle of FORBIDDEN) {
      const line = seen.find((entry) => entry.includes(needle))
      expect(line).toBeUndefined()
    }
    expect(seen.find((entry) => AUTHORIZATION.test(entry))).toBeUndefined()
    expect(seen.length).toBeGreaterThan(50)
  }, 60_000)
})
