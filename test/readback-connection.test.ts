// A connection reset after Twilio stored the message, over a real socket (nock cannot drop a connection under
// node-fetch reliably): the invocation looks the message up in the list at once and answers success, so no retry
// sends it again. When the list does not show it yet, the send is recorded as open and answered retryable; the
// redelivery looks again before sending, finds it, and sends nothing. Project-level because it opens a server on
// this machine.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { useLoopbackOnly } from './helpers/loopback-only'
import { createTestIntegration } from '@segment/actions-core'
import { createTwilioMessaging } from '../src/destinations/twilio-messaging'
import { clearMemoryDedup } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import { mapping, settings, smsEvent } from '../src/destinations/twilio-messaging/__tests__/__helpers__/fixtures'
import { targetTwilio } from '../src/twilio-target'

useLoopbackOnly()

beforeEach(() => clearMemoryDedup())

/**
 * Stores every POSTed message, then resets the first POST's connection; GET lists the stored messages, except the
 * first `lagging` GETs, which list nothing (Twilio's list not caught up yet).
 */
async function resettingTwilio(lagging = 0) {
  const messages: Array<Record<string, string>> = []
  let posts = 0
  let gets = 0
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      if (req.method === 'GET') {
        gets++
        const listed = gets <= lagging ? [] : [...messages].reverse()
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ messages: listed, next_page_uri: null }))
        return
      }
      posts++
      const params = new URLSearchParams(body)
      const message = {
        sid: `SM${String(messages.length + 1).padStart(32, '0')}`,
        status: 'queued',
        to: params.get('To') ?? '',
        from: params.get('From') ?? '',
        body: params.get('Body') ?? '',
        num_media: '0',
        date_created: new Date().toUTCString()
      }
      messages.push(message)
      if (posts === 1) {
        req.socket.destroy()
        return
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(message))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages,
    posts: () => posts,
    gets: () => gets,
    close: () => {
      server.closeAllConnections()
      server.close()
    }
  }
}

describe('a connection reset after Twilio created the message', () => {
  it('is found in the list within the invocation: success with that sid, one message', async () => {
    const twilio = await resettingTwilio()
    try {
      const testDestination = createTestIntegration(targetTwilio(createTwilioMessaging(), twilio.url))
      const responses = await testDestination.testAction('sendMessage', {
        event: smsEvent(),
        settings,
        mapping,
        useDefaultMappings: true
      })
      // The POST got no answer, so only the look at the list has a response.
      expect(responses.map((response) => response.request.method)).toEqual(['GET'])
      expect(twilio.messages).toHaveLength(1)
      expect(twilio.posts()).toBe(1)
      expect(twilio.gets()).toBe(1)
      expect(testDestination.results.at(-1)?.data).toMatchObject({
        sid: twilio.messages[0].sid,
        confirmedByReadback: true
      })
    } finally {
      twilio.close()
    }
  })

  it('not yet listed: retryable at once, and the redelivery finds it and sends nothing', async () => {
    const twilio = await resettingTwilio(1)
    try {
      const testDestination = createTestIntegration(targetTwilio(createTwilioMessaging(), twilio.url))
      const event = smsEvent()
      const started = Date.now()
      await expect(
        testDestination.testAction('sendMessage', { event, settings, mapping, useDefaultMappings: true })
      ).rejects.toMatchObject({ status: 503, message: expect.stringContaining('looks in the list again') })
      // No pause before the look or after it: the invocation answers as soon as the list has answered.
      expect(Date.now() - started).toBeLessThan(4000)
      expect(twilio.posts()).toBe(1)
      expect(twilio.gets()).toBe(1)
      // A failed invocation leaves its responses in place (actions-core clears them on success only).
      testDestination.responses.length = 0

      // Segment delivers the event again: the list now shows the message, which is this event's.
      const responses = await testDestination.testAction('sendMessage', {
        event,
        settings,
        mapping,
        useDefaultMappings: true
      })
      expect(responses.map((response) => response.request.method)).toEqual(['GET'])
      expect(twilio.posts()).toBe(1)
      expect(twilio.gets()).toBe(2)
      expect(twilio.messages).toHaveLength(1)
      expect(testDestination.results.at(-1)?.data).toMatchObject({ sid: twilio.messages[0].sid, duplicate: true })
    } finally {
      twilio.close()
    }
  })
})
