// performBatch with the adaptive limiter against the emulator's account concurrency limit (Twilio answers the
// requests beyond it 429 / 20429 and does nothing for them). Project-level: it runs the emulator on this machine.
import { useLoopbackOnly } from './helpers/loopback-only'
import { createTestIntegration } from '@segment/actions-core'
import { createTwilioMessaging } from '../src/destinations/twilio-messaging'
import {
  accountLimiterState,
  clearAccountLimiters
} from '../src/destinations/twilio-messaging/sendMessage/account-limiters'
import { clearMemoryDedup } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { DEMO_CREDENTIALS } from '../src/emulator/seed'
import { mapping, multistatus, smsEvent } from '../src/destinations/twilio-messaging/__tests__/__helpers__/fixtures'
import { targetTwilio } from '../src/twilio-target'
import { settingsFor } from '../src/server/samples'

useLoopbackOnly()

const demoSettings = settingsFor(DEMO_CREDENTIALS)
const demoMapping = { ...mapping, fromPhoneNumber: '+14155550100' }
const recipient = (i: number) => ({ phone: `+1415555${String(1000 + i)}`, first_name: 'Ada', order_id: String(i) })

beforeEach(() => {
  clearMemoryDedup()
  clearAccountLimiters()
})
afterEach(() => {})

/**
 * The account's limit, far below the 50 calls a cold limiter starts with. Twilio (the emulator) refuses the calls
 * beyond it at once, while an accepted call takes LATENCY_MS: the first burst's 30 refusals come back before any
 * answer. The limiter takes them as a measure of the room (what is still in flight once they are back), not as
 * three rounds of back-offs in a row, which read as exhaustion and held the rest of the batch back (the limit was 30
 * with 300 ms answers so that no third round came, on any machine).
 */
const ACCOUNT_LIMIT = 20
const LATENCY_MS = 100

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
    // 50 at first against a limit of 20: the first burst's excess is refused (Twilio does nothing with a 429), the
    // limit comes down to 20, a probe above it now and then is refused again, and every refused message is sent
    // again within the batch (up to REFUSED_RESENDS times each), so none needs a retry from Segment. Each message
    // reached Twilio once.
    const twilioRefusals = emulator.state.counters.overConcurrencyLimit
    expect(twilioRefusals).toBeGreaterThan(0)
    expect(twilioRefusals).toBeLessThanOrEqual(45)
    expect(refused).toEqual([])
    expect(emulator.state.messages).toHaveLength(300)
    expect(new Set(emulator.state.messages.map((message) => message.to)).size).toBe(300)
    // Learned: at most one above the account's limit (the limiter probes one more, a refusal takes it back down).
    expect(accountLimiterState(DEMO_CREDENTIALS.accountSid)?.limit).toBeLessThanOrEqual(ACCOUNT_LIMIT + 1)
    const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as { peakInFlight: number }
    expect(state.peakInFlight).toBeLessThanOrEqual(ACCOUNT_LIMIT)
  }, 150_000)
})
