// performBatch with the adaptive limiter: against the emulator's account concurrency limit (Twilio answers the
// requests beyond it 429 / 20429 and does nothing for them), and the cool-down when backing off is exhausted.
import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '../src/destinations/twilio-messaging'
import { BATCH_CONCURRENCY_ENV } from '../src/destinations/twilio-messaging/sendMessage/batch'
import {
  accountLimiterState,
  clearAccountLimiters
} from '../src/destinations/twilio-messaging/sendMessage/adaptive-concurrency'
import { clearMemoryDedup } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import { TWILIO_BASE_URL_ENV } from '../src/destinations/twilio-messaging/twilio'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { DEMO_CREDENTIALS } from '../src/emulator/seed'
import { MESSAGES_PATH, mapping, multistatus, settings, smsEvent, twilioMessage } from './helpers/fixtures'

const TWILIO = 'https://api.twilio.com'
const demoSettings = {
  accountSID: DEMO_CREDENTIALS.accountSid,
  apiKeySID: DEMO_CREDENTIALS.apiKeySid,
  apiKeySecret: DEMO_CREDENTIALS.apiKeySecret
}
const demoMapping = { ...mapping, fromPhoneNumber: '+14155550100' }
const recipient = (i: number) => ({ phone: `+1415555${String(1000 + i)}`, first_name: 'Ada', order_id: String(i) })

beforeEach(() => {
  clearMemoryDedup()
  clearAccountLimiters()
})
afterEach(() => {
  nock.cleanAll()
  delete process.env[BATCH_CONCURRENCY_ENV]
  delete process.env[TWILIO_BASE_URL_ENV]
})

describe('performBatch against an account concurrency limit', () => {
  let emulator: RunningEmulator
  beforeAll(async () => {
    nock.disableNetConnect()
    nock.enableNetConnect('127.0.0.1')
    emulator = await startEmulator({ faults: { latencyMs: 100, concurrencyLimit: 20 } })
  })
  afterAll(async () => {
    await emulator.close()
    nock.enableNetConnect()
  })

  it('starts above a low limit, backs off below it on its 429s, and sends the rest of the batch', async () => {
    process.env[TWILIO_BASE_URL_ENV] = emulator.url
    process.env[BATCH_CONCURRENCY_ENV] = '200'
    const testDestination = createTestIntegration(destination)
    const events = Array.from({ length: 300 }, (_, i) => smsEvent({ properties: recipient(i) }))
    await testDestination.testBatchAction('sendMessage', {
      events,
      settings: demoSettings,
      mapping: demoMapping,
      useDefaultMappings: true
    })
    const results = multistatus(testDestination)
    const refused = results.filter((entry) => entry.status === 429)
    expect(results).toHaveLength(300)
    expect(results.every((entry) => entry.status === 201 || entry.status === 429)).toBe(true)
    // 50 at first against a limit of 20: the first round trip's excess is refused, then the limit falls below 20
    // and the batch goes on. Every refused event was refused by Twilio itself (never sent), none held back.
    expect(refused.length).toBeGreaterThan(0)
    expect(refused.length).toBeLessThanOrEqual(60)
    for (const entry of refused) expect(entry.errormessage).toContain('Twilio error 20429')
    expect(emulator.state.messages).toHaveLength(300 - refused.length)
    expect(emulator.state.counters.overConcurrencyLimit).toBe(refused.length)
    expect(accountLimiterState(DEMO_CREDENTIALS.accountSid)?.limit).toBeLessThan(25)
    const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as { peakInFlight: number }
    expect(state.peakInFlight).toBeLessThanOrEqual(20)
  }, 30_000)
})

describe('performBatch cool-down', () => {
  beforeAll(() => nock.disableNetConnect())
  afterAll(() => nock.enableNetConnect())

  it('a single 429 among answered calls backs off but does not hold the batch back', async () => {
    process.env[BATCH_CONCURRENCY_ENV] = '4'
    let requests = 0
    nock(TWILIO)
      .persist()
      .post(MESSAGES_PATH)
      .reply(() => {
        requests++
        return requests === 3
          ? [429, { code: 20429, message: 'Too Many Requests', status: 429 }]
          : [201, twilioMessage(`SM${requests}`)]
      })
    const testDestination = createTestIntegration(destination)
    const events = Array.from({ length: 12 }, () => smsEvent())
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    const statuses = multistatus(testDestination).map((entry) => entry.status)
    expect(requests).toBe(12)
    expect(statuses.filter((status) => status === 429)).toHaveLength(1)
    expect(statuses.filter((status) => status === 201)).toHaveLength(11)
  })

  it('429s to every call: backs off down to the floor, then holds the rest back as retryable 429s', async () => {
    process.env[BATCH_CONCURRENCY_ENV] = '8'
    let requests = 0
    nock(TWILIO)
      .persist()
      .post(MESSAGES_PATH)
      .reply(() => {
        requests++
        return [429, { code: 20429, message: 'Too Many Requests', status: 429 }]
      })
    const testDestination = createTestIntegration(destination)
    const events = Array.from({ length: 60 }, () => smsEvent())
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    const results = multistatus(testDestination)
    expect(results.every((entry) => entry.status === 429 && entry.errortype === 'TOO_MANY_REQUESTS')).toBe(true)
    const heldBack = results.filter((entry) => (entry.body as { not_sent?: boolean }).not_sent)
    expect(heldBack.length).toBe(60 - requests)
    // Three back-offs (8 -> 5 -> 3 -> 2), each after one round of 429s: far fewer calls than events.
    expect(requests).toBeLessThanOrEqual(8 + 5 + 3)
    for (const entry of heldBack) expect(entry.errormessage).toContain('held back')
  })
})
