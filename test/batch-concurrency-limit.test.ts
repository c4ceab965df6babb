// performBatch with the adaptive limiter against the emulator's account concurrency limit (Twilio answers the
// requests beyond it 429 / 20429 and does nothing for them). Project-level: it runs the emulator on this machine.
import { useLoopbackOnly } from './helpers/loopback-only'
import { createTestIntegration } from '@segment/actions-core'
import { createTwilioMessaging } from '../src/destinations/twilio-messaging'
import {
  accountLimiterState,
  clearAccountLimiters
} from '../src/destinations/twilio-messaging/sendMessage/adaptive-concurrency'
import { clearMemoryDedup } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { DEMO_CREDENTIALS } from '../src/emulator/seed'
import { mapping, multistatus, smsEvent } from '../src/destinations/twilio-messaging/__tests__/__helpers__/fixtures'
import { targetTwilio } from '../src/twilio-target'

useLoopbackOnly()

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
afterEach(() => {})

/**
 * The account's limit. Twilio (the emulator) refuses the calls beyond it at once, while an accepted call takes
 * LATENCY_MS, so the limiter backs off once per round of refusals (50 -> 35 -> 24 -> 17) before any call is answered.
 * Three back-offs in a row with no answer between them are exhaustion, which holds the rest of the batch back (the
 * cool-down, tested in the folder's batch-cool-down.test.ts): against a limit of 20, whether the third round came
 * before the first answer depended on how fast the machine was. Against 30 the second back-off is already below the
 * limit, so there is no third round, on any machine.
 */
const ACCOUNT_LIMIT = 30
/**
 * Long enough for the first calls to overlap at Twilio even when a loaded machine gets them out slowly: with 100 ms
 * they could trickle in under the limit, the limiter then kept growing (slow start) and learned the limit late.
 */
const LATENCY_MS = 300

describe('performBatch against an account concurrency limit', () => {
  let emulator: RunningEmulator
  beforeAll(async () => {
    emulator = await startEmulator({ faults: { latencyMs: LATENCY_MS, concurrencyLimit: ACCOUNT_LIMIT } })
  })
  afterAll(async () => {
    await emulator.close()
  })

  it('starts above a low limit, backs off below it on its 429s, and sends the rest of the batch', async () => {
    // A ceiling far above the account's limit: only Twilio's 429s can bring the limiter down. The batch's deadline is
    // generous: what is tested is the limiter, not how much a loaded machine gets done in Segment's 20 s.
    const tuned = createTwilioMessaging({ concurrencyCeiling: 200, batchDeadlineMs: 120_000 })
    const testDestination = createTestIntegration(targetTwilio(tuned, emulator.url))
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
    // Listed rather than counted, so that a failure shows what the other answers were.
    expect(results.filter((entry) => entry.status !== 201 && entry.status !== 429)).toEqual([])
    // 50 at first against a limit of 30: the first round trip's excess is refused (Twilio does nothing with a 429),
    // the limit falls below 30, and the refused messages are sent again within the batch (up to REFUSED_RESENDS
    // times each), so they need no retry from Segment. Each message reached Twilio once.
    const twilioRefusals = emulator.state.counters.overConcurrencyLimit
    expect(twilioRefusals).toBeGreaterThan(0)
    expect(twilioRefusals).toBeLessThanOrEqual(60)
    expect(refused).toEqual([])
    expect(emulator.state.messages).toHaveLength(300)
    expect(new Set(emulator.state.messages.map((message) => message.to)).size).toBe(300)
    // Learned: at most one above the account's limit (the limiter probes one more, a refusal takes it back down).
    expect(accountLimiterState(DEMO_CREDENTIALS.accountSid)?.limit).toBeLessThanOrEqual(ACCOUNT_LIMIT + 1)
    const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as { peakInFlight: number }
    expect(state.peakInFlight).toBeLessThanOrEqual(ACCOUNT_LIMIT)
  }, 150_000)
})
