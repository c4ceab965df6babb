// Duplicate protection after a send timed out: what Twilio's message list shows decides between answering with the
// listed message, sending again, and a final UNCERTAIN_DELIVERY error.
import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import { SLOW_MS, quickDestination } from './__helpers__/fixtures'
import { MESSAGES_PATH, mapping, settings, smsEvent, twilioMessage, TWILIO } from '../../__tests__/__helpers__/fixtures'
import { useDedupEnvironment } from './__helpers__/dedup-harness'

useDedupEnvironment()

describe('duplicate protection', () => {
  it("after a timeout, the same invocation finds the message in Twilio's list and answers with it: no resend", async () => {
    let posts = 0
    let created: Record<string, string> | undefined
    nock(TWILIO)
      .persist()
      .post(MESSAGES_PATH)
      .delay(SLOW_MS)
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
    const testDestination = createTestIntegration(quickDestination())
    const event = smsEvent()
    const run = () => testDestination.testAction('sendMessage', { event, settings, mapping, useDefaultMappings: true })
    // The POST times out after 200 ms (no response to show); Twilio created the message, and the list shows it.
    const first = await run()
    expect(first.map((response) => response.request.method)).toEqual(['GET'])
    // A redelivery is answered from the record made when the list showed the message.
    expect(await run()).toHaveLength(0)
    expect(posts).toBe(1)
  })

  describe('after a timeout, what Twilio lists decides whether to send again', () => {
    const HX = 'HX0123456789abcdef0123456789abcdef'
    const templateMapping = { ...mapping, contentTemplateType: 'Text', contentSid: HX, contentVariables: { 1: 'Ada' } }

    /** First POST answers too late (timeout); the list then holds `listed(params)` built from what was posted. */
    function slowTwilio(listed: (posted: URLSearchParams) => Array<Record<string, string>>) {
      const counter = { posts: 0 }
      let posted: URLSearchParams | undefined
      const answer = (_uri: string, body: nock.Body): [number, object] => {
        counter.posts++
        posted = new URLSearchParams(String(body))
        return [201, twilioMessage(`SM${counter.posts}`)]
      }
      // Only the first attempt answers too late; a resend is answered at once.
      nock(TWILIO).post(MESSAGES_PATH).delay(SLOW_MS).reply(answer)
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
      const testDestination = createTestIntegration(quickDestination())
      const event = smsEvent()
      const run = () =>
        testDestination.testAction('sendMessage', {
          event,
          settings,
          mapping: actionMapping as never,
          useDefaultMappings: true
        })
      await expect(run()).rejects.toMatchObject({ status: 504 })
      return run()
    }

    it('a template cannot be told apart from another message sent meanwhile: a final error naming it, no resend', async () => {
      const twilio = slowTwilio((posted) => [listedMessage(posted, { sid: 'SMunrelated' })])
      const testDestination = createTestIntegration(quickDestination())
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
