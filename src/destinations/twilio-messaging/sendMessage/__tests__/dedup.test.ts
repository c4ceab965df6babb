import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import type { StateContext } from '@segment/actions-core'
import destination from '../..'
import { clearMemoryDedup, dedupKey, memoryDedupSize } from '../dedup'
import { SEND_TIMEOUT_ENV } from '../send'
import { READBACK_WAITS_ENV } from '../readback'
import {
  ACCOUNT_SID,
  MESSAGES_PATH,
  mapping,
  multistatus,
  settings,
  smsEvent,
  twilioMessage,
  TOO_MANY_REQUESTS,
  TWILIO
} from '../../__tests__/__helpers__/fixtures'

function countingTwilio(reply: (n: number) => [number, object]) {
  const counter = { posts: 0 }
  nock(TWILIO)
    .persist()
    .post(MESSAGES_PATH)
    .reply(() => reply(++counter.posts))
  return counter
}

/** Twilio's message list with no message in it: what the readback after a 5xx finds when nothing was created. */
function emptyMessageList() {
  nock(TWILIO).persist().get(MESSAGES_PATH).query(true).reply(200, { messages: [], next_page_uri: null })
}

/** A stand-in for the platform's state context: what one delivery sets, the next delivery reads. */
function fakeStateContext() {
  const values = new Map<string, string>()
  const ttls: unknown[] = []
  const context: StateContext = {
    getRequestContext: (key: string) => values.get(key),
    setResponseContext: (key: string, value: string, ttl: unknown) => {
      values.set(key, value)
      ttls.push(ttl)
    }
  }
  return { context, values, ttls }
}

// Some sends wait for a timeout on purpose; a loaded machine must not fail them on time.
jest.setTimeout(20_000)

beforeAll(() => nock.disableNetConnect())
beforeEach(() => {
  clearMemoryDedup()
  delete process.env.TWILIO_MESSAGING_BASE_URL
  process.env[READBACK_WAITS_ENV] = '0'
})
afterEach(() => {
  nock.cleanAll()
  delete process.env[SEND_TIMEOUT_ENV]
})
afterAll(() => nock.enableNetConnect())

describe('duplicate protection', () => {
  it('does not send a redelivered event again and answers with the recorded result', async () => {
    const twilio = countingTwilio(() => [201, twilioMessage('SM11111111111111111111111111111111')])
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    await testDestination.testAction('sendMessage', { event, settings, mapping, useDefaultMappings: true })
    const second = await testDestination.testAction('sendMessage', {
      event,
      settings,
      mapping,
      useDefaultMappings: true
    })
    expect(twilio.posts).toBe(1)
    expect(second).toHaveLength(0) // no HTTP request on the redelivery
  })

  it('sends a failed event again on retry, and only once it succeeded stops', async () => {
    const twilio = countingTwilio((n) =>
      n === 1 ? [503, { code: 20503, message: 'Service unavailable', status: 503 }] : [201, twilioMessage('SM2')]
    )
    emptyMessageList()
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    const run = () => testDestination.testAction('sendMessage', { event, settings, mapping, useDefaultMappings: true })
    await expect(run()).rejects.toMatchObject({ status: 503 })
    await run()
    await run()
    expect(twilio.posts).toBe(2)
  })

  it('does not record a final Twilio error either: a fixed retry is sent', async () => {
    const twilio = countingTwilio((n) =>
      n === 1 ? [400, { code: 21211, message: 'Invalid To', status: 400 }] : [201, twilioMessage('SM3')]
    )
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    const run = () => testDestination.testAction('sendMessage', { event, settings, mapping, useDefaultMappings: true })
    await expect(run()).rejects.toMatchObject({ code: 'TWILIO_21211' })
    await run()
    expect(twilio.posts).toBe(2)
  })

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

  it('in a batch held back after a 429, an event sent before still reports its recorded result', async () => {
    process.env.TWILIO_MESSAGING_BATCH_CONCURRENCY = '1'
    const twilio = countingTwilio((n) => (n === 1 ? [201, twilioMessage('SM9')] : [429, TOO_MANY_REQUESTS]))
    const testDestination = createTestIntegration(destination)
    const sentBefore = smsEvent()
    await testDestination.testAction('sendMessage', { event: sentBefore, settings, mapping, useDefaultMappings: true })
    await testDestination.testBatchAction('sendMessage', {
      events: [smsEvent(), sentBefore, smsEvent()],
      settings,
      mapping,
      useDefaultMappings: true
    })
    delete process.env.TWILIO_MESSAGING_BATCH_CONCURRENCY
    expect(multistatus(testDestination).map((entry) => entry.status)).toEqual([429, 200, 429])
    expect(twilio.posts).toBe(2)
  })

  it("uses the runtime's stateContext when there is one, with a 24-hour TTL, and the process cache too", async () => {
    const twilio = countingTwilio(() => [201, twilioMessage('SM6')])
    const state = fakeStateContext()
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    const run = () =>
      testDestination.testAction('sendMessage', {
        event,
        settings,
        mapping,
        useDefaultMappings: true,
        stateContext: state.context
      })
    await run()
    await run()
    expect(twilio.posts).toBe(1)
    expect(memoryDedupSize()).toBe(1)
    expect([...state.values.values()]).toEqual([JSON.stringify({ state: 'sent', sid: 'SM6', status: 'queued' })])
    expect(state.ttls[0]).toEqual({ hour: 24 })
  })

  it('keys on account, messageId and the exact message: two subscriptions for one event both send', async () => {
    const twilio = countingTwilio(() => [201, twilioMessage('SM7')])
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    await testDestination.testAction('sendMessage', { event, settings, mapping, useDefaultMappings: true })
    await testDestination.testAction('sendMessage', {
      event,
      settings,
      mapping: { ...mapping, inlineBody: 'A note for the shipping team' },
      useDefaultMappings: true
    })
    expect(twilio.posts).toBe(2)
    const message = {
      channel: 'SMS' as const,
      senderType: 'Phone number' as const,
      params: [['To', '+1']] as [string, string][]
    }
    expect(dedupKey(ACCOUNT_SID, 'm1', message)).not.toBe(dedupKey(ACCOUNT_SID, 'm2', message))
    expect(dedupKey(ACCOUNT_SID, undefined, message)).toBeUndefined()
  })

  it("after a timeout, the same invocation finds the message in Twilio's list and answers with it: no resend", async () => {
    process.env[SEND_TIMEOUT_ENV] = '400'
    let posts = 0
    let created: Record<string, string> | undefined
    nock(TWILIO)
      .persist()
      .post(MESSAGES_PATH)
      .delay(1000)
      .reply((_uri, body) => {
        posts++
        const params = new URLSearchParams(String(body))
        created = {
          sid: 'SM8',
          status: 'queued',
          to: params.get('To') as string,
          from: params.get('From') as string,
          body: params.get('Body') as string,
          date_created: new Date().toUTCString()
        }
        return [201, created]
      })
    nock(TWILIO)
      .persist()
      .get(MESSAGES_PATH)
      .query(true)
      .reply(() => [200, { messages: created ? [created] : [], next_page_uri: null }])
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    const run = () => testDestination.testAction('sendMessage', { event, settings, mapping, useDefaultMappings: true })
    // The POST times out after 400 ms (no response to show); Twilio created the message, and the list shows it.
    const first = await run()
    expect(first.map((response) => response.request.method)).toEqual(['GET'])
    await new Promise((resolve) => setTimeout(resolve, 1100)) // the slow answer lands on the "server"
    // A redelivery is answered from the record made when the list showed the message.
    expect(await run()).toHaveLength(0)
    expect(posts).toBe(1)
  })

  describe('after a timeout, what Twilio lists decides whether to send again', () => {
    const HX = 'HX0123456789abcdef0123456789abcdef'
    const templateMapping = { ...mapping, contentTemplateType: 'Text', contentSid: HX, contentVariables: { 1: 'Ada' } }

    /** First POST answers too late (timeout); the list then holds `listed(params)` built from what was posted. */
    function slowTwilio(listed: (posted: URLSearchParams) => Array<Record<string, string>>) {
      process.env[SEND_TIMEOUT_ENV] = '400'
      const counter = { posts: 0 }
      let posted: URLSearchParams | undefined
      const answer = (_uri: string, body: nock.Body): [number, object] => {
        counter.posts++
        posted = new URLSearchParams(String(body))
        return [201, twilioMessage(`SM${counter.posts}`)]
      }
      // Only the first attempt answers too late; a resend is answered at once.
      nock(TWILIO).post(MESSAGES_PATH).delay(1000).reply(answer)
      nock(TWILIO).persist().post(MESSAGES_PATH).reply(answer)
      nock(TWILIO)
        .persist()
        .get(MESSAGES_PATH)
        .query(true)
        .reply(() => [200, { messages: posted ? listed(posted) : [], next_page_uri: null }])
      return counter
    }

    const listedMessage = (posted: URLSearchParams, overrides: Record<string, string> = {}) => ({
      sid: 'SMother',
      status: 'delivered',
      to: posted.get('To') as string,
      from: posted.get('From') as string,
      body: posted.get('Body') ?? 'Your password reset code is 123456',
      num_media: '0',
      date_created: new Date().toUTCString(),
      ...overrides
    })

    async function timeOutThenRetry(actionMapping: Record<string, unknown>) {
      const testDestination = createTestIntegration(destination)
      const event = smsEvent()
      const run = () =>
        testDestination.testAction('sendMessage', {
          event,
          settings,
          mapping: actionMapping as never,
          useDefaultMappings: true
        })
      await expect(run()).rejects.toMatchObject({ status: 504 })
      await new Promise((resolve) => setTimeout(resolve, 1100))
      return run()
    }

    it('a template cannot be told apart from another message sent meanwhile: a final error naming it, no resend', async () => {
      const twilio = slowTwilio((posted) => [listedMessage(posted, { sid: 'SMunrelated' })])
      const testDestination = createTestIntegration(destination)
      const run = testDestination.testAction('sendMessage', {
        event: smsEvent(),
        settings,
        mapping: templateMapping,
        useDefaultMappings: true
      })
      await expect(run).rejects.toMatchObject({
        code: 'UNCERTAIN_DELIVERY',
        status: 409,
        message: expect.stringContaining('SMunrelated')
      })
      expect(twilio.posts).toBe(1)
    })

    it('a template with no message listed since the attempt is sent again', async () => {
      const twilio = slowTwilio(() => [])
      await timeOutThenRetry(templateMapping)
      expect(twilio.posts).toBe(2)
    })

    it('a text whose body differs from the listed message is sent again', async () => {
      const twilio = slowTwilio((posted) => [listedMessage(posted, { body: 'Something else' })])
      await timeOutThenRetry(mapping)
      expect(twilio.posts).toBe(2)
    })

    it('a text matching a message created long before the attempt is sent again', async () => {
      const hourAgo = new Date(Date.now() - 3600_000).toUTCString()
      const twilio = slowTwilio((posted) => [listedMessage(posted, { date_created: hourAgo })])
      await timeOutThenRetry(mapping)
      expect(twilio.posts).toBe(2)
    })
  })
})
