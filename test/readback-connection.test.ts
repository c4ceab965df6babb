// A connection reset after Twilio stored the message, over a real socket (nock cannot drop a connection under
// node-fetch reliably): the invocation reads the message back from the list and answers success, so no retry sends
// it again. Project-level because it opens a server on this machine.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '../src/destinations/twilio-messaging'
import { clearMemoryDedup } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import { READBACK_WAITS_ENV } from '../src/destinations/twilio-messaging/sendMessage/readback'
import { mapping, settings, smsEvent } from '../src/destinations/twilio-messaging/__tests__/__helpers__/fixtures'

beforeAll(() => nock.disableNetConnect())
beforeEach(() => {
  clearMemoryDedup()
  process.env[READBACK_WAITS_ENV] = '50'
})
afterEach(() => {
  delete process.env[READBACK_WAITS_ENV]
  delete process.env.TWILIO_MESSAGING_BASE_URL
})
afterAll(() => nock.enableNetConnect())

/** Stores every POSTed message, then resets the first POST's connection; GET lists the stored messages. */
async function resettingTwilio() {
  const messages: Array<Record<string, string>> = []
  let posts = 0
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ messages: [...messages].reverse(), next_page_uri: null }))
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
  nock.enableNetConnect('127.0.0.1')
  process.env.TWILIO_MESSAGING_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    messages,
    posts: () => posts,
    close: () => {
      server.closeAllConnections()
      server.close()
      nock.disableNetConnect()
    }
  }
}

describe('a connection reset after Twilio created the message', () => {
  it('is read back within the invocation: success with that sid, one message', async () => {
    const twilio = await resettingTwilio()
    try {
      const testDestination = createTestIntegration(destination)
      const responses = await testDestination.testAction('sendMessage', {
        event: smsEvent(),
        settings,
        mapping,
        useDefaultMappings: true
      })
      expect(responses.map((response) => response.request.method)).toEqual(['GET'])
      expect(twilio.messages).toHaveLength(1)
      expect(twilio.posts()).toBe(1)
    } finally {
      twilio.close()
    }
  })
})
