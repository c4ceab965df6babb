// Duplicate protection in batches: a redelivered batch, one event twice, only the failed events retried, and an event
// sent before a 429 held the batch back.
import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '../..'
import {
  MESSAGES_PATH,
  mapping,
  multistatus,
  settings,
  smsEvent,
  twilioMessage,
  TOO_MANY_REQUESTS,
  TWILIO
} from '../../__tests__/__helpers__/fixtures'
import { emptyMessageList, useDedupEnvironment } from './__helpers__/dedup-harness'
import { withCeiling } from './__helpers__/fixtures'
import { REFUSED_RESENDS } from '../batch'
import { countingTwilio } from './__helpers__/twilio-replies'

useDedupEnvironment()

describe('duplicate protection', () => {
  it('in a batch: a redelivered batch makes no request and reports the recorded sids', async () => {
    let n = 0
    const twilio = countingTwilio(() => [201, twilioMessage(`SM${String(++n).padStart(32, '0')}`)])
    const testDestination = createTestIntegration(destination)
    const events = [smsEvent(), smsEvent(), smsEvent()]
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    const first = multistatus(testDestination)
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    const second = multistatus(testDestination)
    expect(twilio.posts).toBe(3)
    second.forEach((entry, i) => {
      expect(entry).toMatchObject({ status: 200, body: { duplicate: true } })
      expect((entry.body as { sid: string }).sid).toBe((first[i].body as { sid: string }).sid)
    })
  })

  it('in a batch: the same event twice in one batch is sent once', async () => {
    const twilio = countingTwilio(() => [201, twilioMessage('SM4')])
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    await testDestination.testBatchAction('sendMessage', {
      events: [event, event],
      settings,
      mapping,
      useDefaultMappings: true
    })
    expect(twilio.posts).toBe(1)
    expect(multistatus(testDestination).map((entry) => entry.status)).toEqual([201, 200])
  })

  it('in a batch: only the failed events are sent again on retry', async () => {
    const failing = '+14155550666'
    let attempt = 0
    const sentTo: string[] = []
    nock(TWILIO)
      .persist()
      .post(MESSAGES_PATH)
      .reply((_uri, body) => {
        const to = new URLSearchParams(String(body)).get('To') as string
        sentTo.push(to)
        if (to === failing && attempt++ === 0) return [500, { code: 20500, message: 'Internal', status: 500 }]
        return [201, twilioMessage('SM5')]
      })
    emptyMessageList()
    const testDestination = createTestIntegration(destination)
    const events = [smsEvent(), smsEvent({ properties: { phone: failing, first_name: 'F', order_id: 'F' } })]
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    expect(multistatus(testDestination).map((entry) => entry.status)).toEqual([201, 500])
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    expect(multistatus(testDestination).map((entry) => entry.status)).toEqual([200, 201])
    expect(sentTo.filter((to) => to === failing)).toHaveLength(2)
    expect(sentTo).toHaveLength(3)
  })

  it('in a batch whose other sends Twilio refuses, an event sent before still reports its recorded result', async () => {
    const twilio = countingTwilio((n) => (n === 1 ? [201, twilioMessage('SM9')] : [429, TOO_MANY_REQUESTS]))
    const testDestination = createTestIntegration(withCeiling(1))
    const sentBefore = smsEvent()
    await testDestination.testAction('sendMessage', { event: sentBefore, settings, mapping, useDefaultMappings: true })
    await testDestination.testBatchAction('sendMessage', {
      events: [smsEvent(), sentBefore, smsEvent()],
      settings,
      mapping,
      useDefaultMappings: true
    })
    expect(multistatus(testDestination).map((entry) => entry.status)).toEqual([429, 200, 429])
    // The single send, then each new message sent 1 + REFUSED_RESENDS times at concurrency 1, a pause after each.
    expect(twilio.posts).toBe(1 + 2 * (1 + REFUSED_RESENDS))
  })
  it('in a redelivered batch: sends left open are looked up in the list at most 10 at a time', async () => {
    // First delivery: Twilio answers 500 to every send and lists nothing, so each send is left open (retryable).
    nock(TWILIO).persist().post(MESSAGES_PATH).reply(500, { code: 20500, message: 'Internal Server Error' })
    let looking = 0
    let mostAtOnce = 0
    let looks = 0
    nock(TWILIO)
      .persist()
      .get(MESSAGES_PATH)
      .query(true)
      .reply((_uri, _body, callback) => {
        looks++
        mostAtOnce = Math.max(mostAtOnce, ++looking)
        setTimeout(() => {
          looking--
          callback(null, [200, { messages: [], next_page_uri: null }])
        }, 5)
      })
    const testDestination = createTestIntegration(destination)
    const events = Array.from({ length: 30 }, () => smsEvent())
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    expect(multistatus(testDestination).every((entry) => entry.status === 500)).toBe(true)
    const looksFirst = looks
    mostAtOnce = 0
    // Redelivered: every event's open send is looked up first, never more than 10 list reads in flight.
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    expect(looks - looksFirst).toBeGreaterThanOrEqual(30)
    expect(mostAtOnce).toBeGreaterThan(1)
    expect(mostAtOnce).toBeLessThanOrEqual(10)
  })
})
