// performBatch's cool-down with the adaptive limiter: one 429 backs off and the batch goes on; 429s that keep
// coming hold the rest of the batch back as retryable 429s, as before.
import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import { REFUSED_RESENDS } from '../batch'
import { withCeiling } from './__helpers__/fixtures'
import { countingTwilio, twilioByRecipient } from './__helpers__/twilio-replies'
import { accountLimiterState, clearAccountLimiters } from '../account-limiters'
import { FLOOR_TRIES } from '../limiter-settings'
import { clearMemoryDedup } from '../dedup'
import {
  ACCOUNT_SID,
  mapping,
  multistatus,
  settings,
  smsEvent,
  twilioMessage,
  TOO_MANY_REQUESTS
} from '../../__tests__/__helpers__/fixtures'

beforeEach(() => {
  clearMemoryDedup()
  clearAccountLimiters()
})
afterEach(() => nock.cleanAll())

describe('performBatch cool-down', () => {
  beforeAll(() => nock.disableNetConnect())
  afterAll(() => nock.enableNetConnect())

  it('a single 429 among answered calls backs off, and the refused message is sent again in the batch', async () => {
    const twilio = countingTwilio((n) => (n === 3 ? [429, TOO_MANY_REQUESTS] : [201, twilioMessage(`SM${n}`)]))
    const testDestination = createTestIntegration(withCeiling(4))
    const events = Array.from({ length: 12 }, () => smsEvent())
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    const statuses = multistatus(testDestination).map((entry) => entry.status)
    // Twilio did nothing with the refused request, so it went again: 13 requests, 12 messages, all sent.
    expect(twilio.posts).toBe(13)
    expect(statuses).toEqual(Array(12).fill(201))
  })

  /**
   * Six events to +14155550001..6 in one batch; Twilio answers +14155550002 with `refusal` every time and the others
   * 201. Returns the recipients of every request, in order, and the batch's entries.
   */
  async function batchWithOneRecipientRefused(refusal: [number, object], concurrencyCeiling: number) {
    const recipients = twilioByRecipient({ '+14155550002': refusal })
    const testDestination = createTestIntegration(withCeiling(concurrencyCeiling))
    const events = [1, 2, 3, 4, 5, 6].map((i) =>
      smsEvent({ properties: { phone: `+1415555000${i}`, first_name: 'Ada', order_id: `A-${i}` } })
    )
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    return { recipients, results: multistatus(testDestination) }
  }

  it('sends a message Twilio keeps refusing at most REFUSED_RESENDS more times, then reports its 429', async () => {
    const { recipients, results } = await batchWithOneRecipientRefused([429, TOO_MANY_REQUESTS], 4)
    // Sent again at least once; the last resend may not go: by then the limiter, refused with nothing else in
    // flight, is at its floor, and a refusal there ends the batch's sends (the cool-down).
    const sends = recipients.filter((to) => to === '+14155550002').length
    expect(sends).toBeGreaterThanOrEqual(2)
    expect(sends).toBeLessThanOrEqual(1 + REFUSED_RESENDS)
    expect(recipients).toHaveLength(5 + sends)
    expect(results.map((entry) => entry.status)).toEqual([201, 429, 201, 201, 201, 201])
    expect(results[1].errormessage).toContain('Twilio error 20429')
  })

  it('a full sender queue (400 / 21611, reported 429) is neither sent again nor a reason to back off', async () => {
    const { recipients, results } = await batchWithOneRecipientRefused(
      [400, { code: 21611, message: "This 'From' number has exceeded the maximum number of queued messages" }],
      8
    )
    expect(recipients).toHaveLength(6)
    expect(results.map((entry) => entry.status)).toEqual([201, 429, 201, 201, 201, 201])
    expect(results[1].errormessage).toContain('Twilio error 21611')
    expect(accountLimiterState(ACCOUNT_SID)?.limit).toBe(8)
  })

  it('429s to every call: measured down to the floor, then holds the rest back as retryable 429s', async () => {
    const twilio = countingTwilio(() => [429, TOO_MANY_REQUESTS])
    const testDestination = createTestIntegration(withCeiling(8))
    const events = Array.from({ length: 60 }, () => smsEvent())
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    const results = multistatus(testDestination)
    expect(results.every((entry) => entry.status === 429 && entry.errortype === 'TOO_MANY_REQUESTS')).toBe(true)
    const heldBack = results.filter((entry) => (entry.body as { not_sent?: boolean }).not_sent)
    // Each message Twilio refused keeps Twilio's 429; its resend, still waiting when the cool-down began, never went.
    expect(heldBack.length).toBe(60 - twilio.posts)
    for (const entry of results.filter((entry) => !heldBack.includes(entry))) {
      expect(entry.errormessage).toContain('Twilio error 20429')
    }
    // The first 8 measure the room down to the floor, then one call a round trip until FLOOR_TRIES in a row were
    // refused there: far fewer calls than events.
    expect(twilio.posts).toBeLessThanOrEqual(8 + FLOOR_TRIES)
    for (const entry of heldBack) expect(entry.errormessage).toContain('held back')
  })
  it('the same event twice in a batch held back by the cool-down: both entries held back, the batch still answers', async () => {
    const twilio = countingTwilio(() => [429, TOO_MANY_REQUESTS])
    const testDestination = createTestIntegration(withCeiling(8))
    const events = Array.from({ length: 40 }, () => smsEvent())
    // At-least-once delivery: the last event comes twice; by then the cool-down holds it back.
    events.push({ ...events[39] })
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    const results = multistatus(testDestination)
    expect(results).toHaveLength(41)
    expect(twilio.posts).toBeLessThan(40)
    for (const entry of [results[39], results[40]]) {
      expect(entry.status).toBe(429)
      expect(entry.errormessage).toContain('held back')
    }
  })
})
