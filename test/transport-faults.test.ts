// Real connection faults in a batch: nock cannot drop a connection under node-fetch, so a loopback server does it.
// Project-level (not in the destination folder) because it opens a server on this machine.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { useLoopbackOnly } from './helpers/loopback-only'
import { createTestIntegration } from '@segment/actions-core'
import { createTwilioMessaging } from '../src/destinations/twilio-messaging'
import { clearMemoryDedup } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import {
  mapping,
  multistatus,
  settings,
  smsEvent
} from '../src/destinations/twilio-messaging/__tests__/__helpers__/fixtures'
import { targetTwilio } from '../src/twilio-target'

useLoopbackOnly()

beforeEach(() => clearMemoryDedup())

describe('performBatch over a real connection', () => {
  it('reports a dropped connection as 503 and a timeout as 504, never throwing', async () => {
    // nock cannot drop a connection under node-fetch, so a loopback server does it for real.
    let requests = 0
    const server = http.createServer((req, res) => {
      // The look at the list after each unanswered send: Twilio's list holds no such message.
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"messages":[]}')
        return
      }
      requests++
      if (requests === 1) {
        req.socket.destroy()
        return
      }
      setTimeout(() => res.writeHead(201, { 'content-type': 'application/json' }).end('{"sid":"SMslow"}'), 1000)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // Sends one at a time (the first request is the one dropped), each given 300 ms before it counts as timed out.
    const definition = createTwilioMessaging({
      sendTimeoutMs: 300,
      lookupTimeoutMs: 1000,
      eventDeadlineMs: 2000,
      batchDeadlineMs: 4000,
      concurrencyCeiling: 1
    })
    try {
      const testDestination = createTestIntegration(targetTwilio(definition, url))
      await testDestination.testBatchAction('sendMessage', {
        events: [smsEvent(), smsEvent()],
        settings,
        mapping,
        useDefaultMappings: true
      })
      const results = multistatus(testDestination)
      expect(results[0]).toMatchObject({ status: 503, errortype: 'SERVICE_UNAVAILABLE' })
      expect(results[0].errormessage).toContain('ECONNRESET')
      expect(results[1]).toMatchObject({ status: 504, errortype: 'GATEWAY_TIMEOUT' })
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})
