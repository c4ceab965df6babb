// Real connection faults in a batch: nock cannot drop a connection under node-fetch, so a loopback server does it.
// Project-level (not in the destination folder) because it opens a server on this machine.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '../src/destinations/twilio-messaging'
import { BATCH_CONCURRENCY_ENV } from '../src/destinations/twilio-messaging/sendMessage/batch'
import { clearMemoryDedup } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import { SEND_TIMEOUT_ENV } from '../src/destinations/twilio-messaging/sendMessage/send'
import { READBACK_WAITS_ENV } from '../src/destinations/twilio-messaging/sendMessage/readback'
import {
  mapping,
  multistatus,
  settings,
  smsEvent
} from '../src/destinations/twilio-messaging/__tests__/__helpers__/fixtures'

beforeAll(() => nock.disableNetConnect())
beforeEach(() => {
  clearMemoryDedup()
  process.env[READBACK_WAITS_ENV] = '0'
})
afterEach(() => {
  delete process.env[READBACK_WAITS_ENV]
  delete process.env[BATCH_CONCURRENCY_ENV]
  delete process.env[SEND_TIMEOUT_ENV]
  delete process.env.TWILIO_MESSAGING_BASE_URL
})
afterAll(() => nock.enableNetConnect())

describe('performBatch over a real connection', () => {
  it('reports a dropped connection as 503 and a timeout as 504, never throwing', async () => {
    // nock cannot drop a connection under node-fetch, so a loopback server does it for real.
    process.env[SEND_TIMEOUT_ENV] = '300'
    process.env[BATCH_CONCURRENCY_ENV] = '1'
    let requests = 0
    const server = http.createServer((req, res) => {
      // The readback after each unanswered send: Twilio's list holds no such message.
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
    nock.enableNetConnect('127.0.0.1')
    process.env.TWILIO_MESSAGING_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const testDestination = createTestIntegration(destination)
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
      nock.disableNetConnect()
    }
  })
})
