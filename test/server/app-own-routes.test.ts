// Segment's pages (serve's CORS list, http://localhost:8000 included) may call the routes serve answers, but not
// the dev server's own: the tester's routes drive the emulator and /callbacks takes receipts. No page may frame the
// tester (issue 17).
import destination from '../../src/destinations/twilio-messaging'
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../src/emulator'
import { SEGMENT_ORIGINS } from '../../src/loopback-guard'
import { startDevServer, type RunningDevServer } from '../../src/server/app'
import { settingsFor } from '../../src/server/samples'
import { rawRequest } from './raw-http'

let emulator: RunningEmulator
let server: RunningDevServer

beforeAll(async () => {
  emulator = await startEmulator()
  server = await startDevServer({
    destination,
    port: 0,
    log: () => undefined,
    tester: { emulatorUrl: emulator.url, demoSettings: settingsFor(DEMO_CREDENTIALS) }
  })
})
afterAll(async () => {
  await server.close()
  await emulator.close()
})

describe.each(SEGMENT_ORIGINS.map((origin) => [origin]))('a page on %s', (origin) => {
  const own: Array<[string, string, unknown?]> = [
    ['POST', '/tester/simulate/stop', { from: '+14155551212', to: '+14155550100' }],
    ['POST', '/tester/simulate/inbound', { from: '+14155551212', body: 'STOP' }],
    ['POST', `/tester/outbox/SM${'0'.repeat(32)}/cancel`, {}],
    ['POST', '/callbacks', undefined],
    ['DELETE', '/callbacks', undefined],
    ['POST', '/TESTER/simulate/stop', { from: '+14155551212' }],
    ['POST', '/%74ester/simulate/stop', { from: '+14155551212' }]
  ]

  it.each(own)("cannot call %s %s: 403, the emulator's state unchanged", async (method, path, json) => {
    const before = emulator.state.messages.length
    const response = await rawRequest(server.url, { method, path, json, headers: { origin } })
    expect(response.status).toBe(403)
    expect(response.body.error).toMatch(/^Cross-site request refused/)
    expect(emulator.state.messages).toHaveLength(before)
  })

  it('gets no CORS permission for the tester routes', async () => {
    const preflight = await rawRequest(server.url, {
      method: 'OPTIONS',
      path: '/tester/simulate/stop',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' }
    })
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
    expect(preflight.headers['access-control-allow-private-network']).toBeUndefined()
    const config = await rawRequest(server.url, { path: '/tester/config', headers: { origin } })
    expect(config.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('still drives the routes serve answers', async () => {
    const preflight = await rawRequest(server.url, {
      method: 'OPTIONS',
      path: '/sendMessage',
      headers: { origin, 'access-control-request-method': 'POST' }
    })
    expect(preflight.headers['access-control-allow-origin']).toBe(origin)
    // Malformed settings: answered by the destination's own check, so nothing leaves this machine.
    const authenticate = await rawRequest(server.url, {
      method: 'POST',
      path: '/authenticate',
      headers: { origin },
      json: { accountSID: 'not-a-sid', apiKeySID: 'SK1', apiKeySecret: 'x' }
    })
    expect(authenticate.status).toBe(200)
    expect(authenticate.headers['access-control-allow-origin']).toBe(origin)
    expect(authenticate.body).toMatchObject({ ok: false, fields: { accountSID: expect.any(String) } })
  })
})

it("the page's own origin may call the tester routes", async () => {
  const response = await rawRequest(server.url, {
    method: 'POST',
    path: '/tester/simulate/inbound',
    headers: { origin: `http://127.0.0.1:${server.port}` },
    json: { from: '+14155551212', body: 'Hi' }
  })
  expect(response.status).toBe(201)
})

it.each(['/', '/manifest', '/tester/config'])('%s may not be framed by any page', async (path) => {
  const response = await rawRequest(server.url, { path })
  expect(response.headers['x-frame-options']).toBe('DENY')
  expect(response.headers['content-security-policy']).toBe("frame-ancestors 'none'")
})
