// The loopback guard (src/loopback-guard.ts) on its own, and mounted in the Twilio emulator: DNS-rebound Host
// names and cross-site state-changing requests are refused; the outbox's `limit=0` returns no messages.
import type { IncomingMessage } from 'node:http'
import { checkLocalRequest, isLoopbackHost, ownOrigins, SEGMENT_ORIGINS } from '../../src/loopback-guard'
import { ADMIN_PREFIX, startEmulator, type RunningEmulator } from '../../src/emulator'
import { apiPath, basicAuth, sendMessage } from '../emulator-helpers'
import { rawRequest } from './raw-http'

describe('isLoopbackHost', () => {
  it.each(['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST:3000'])('serves %s on port 3000', (host) => {
    expect(isLoopbackHost(host, 3000)).toBe(true)
  })

  it.each([
    'localhost:3001',
    'localhost',
    'localhost.:3000',
    'rebound.example:3000',
    'localhost.rebound.example:3000',
    '127.0.0.2:3000',
    '0.0.0.0:3000',
    '[::ffff:127.0.0.1]:3000',
    'user@localhost:3000',
    ''
  ])('refuses %j on port 3000', (host) => {
    expect(isLoopbackHost(host, 3000)).toBe(false)
  })

  it('a Host without a port is the default port 80', () => {
    expect(isLoopbackHost('localhost', 80)).toBe(true)
    expect(ownOrigins(80)).toContain('http://localhost')
  })
})

describe('checkLocalRequest', () => {
  const request = (method: string, headers: Record<string, string>): IncomingMessage =>
    ({
      method,
      url: '/x?secret=1',
      headers: { host: '127.0.0.1:4000', ...headers },
      socket: { localPort: 4000 }
    }) as never

  it('reads: served from anywhere on a loopback Host (CORS decides who may read the answer)', () => {
    expect(checkLocalRequest(request('GET', { origin: 'https://evil.example' }))).toEqual({ ok: true })
    expect(checkLocalRequest(request('OPTIONS', { origin: 'https://evil.example' }))).toEqual({ ok: true })
  })

  it('writes: the page itself, trusted origins and clients that are not browsers', () => {
    const trusted = SEGMENT_ORIGINS
    expect(checkLocalRequest(request('POST', {}), trusted).ok).toBe(true)
    expect(checkLocalRequest(request('POST', { origin: 'http://localhost:4000' }), trusted).ok).toBe(true)
    expect(checkLocalRequest(request('POST', { origin: 'http://127.0.0.1:4000' }), trusted).ok).toBe(true)
    expect(checkLocalRequest(request('POST', { 'sec-fetch-site': 'same-origin' }), trusted).ok).toBe(true)
    expect(checkLocalRequest(request('POST', { 'sec-fetch-site': 'none' }), trusted).ok).toBe(true)
    for (const origin of SEGMENT_ORIGINS) expect(checkLocalRequest(request('POST', { origin }), trusted).ok).toBe(true)
  })

  it.each<Record<string, string>>([
    { origin: 'https://evil.example' },
    { origin: 'http://localhost:5173' },
    { origin: 'http://127.0.0.1:4001' },
    { origin: 'null' },
    { 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site' },
    // The origin decides even when the browser calls the request same-site (another port of localhost).
    { origin: 'http://localhost:8080', 'sec-fetch-site': 'same-site' }
  ])('writes from %j: 403 naming the method and path, never the query', (headers) => {
    const verdict = checkLocalRequest(request('POST', headers), SEGMENT_ORIGINS)
    expect(verdict.ok).toBe(false)
    if (verdict.ok) return
    expect(verdict.status).toBe(403)
    expect(verdict.message).toMatch(/^Cross-site request refused: POST \/x from /)
    expect(verdict.message).not.toContain('secret')
  })

  it('a rebound Host is refused whatever the method', () => {
    const verdict = checkLocalRequest({
      method: 'GET',
      url: '/',
      headers: { host: 'rebound.example:4000' },
      socket: { localPort: 4000 }
    } as never)
    expect(verdict).toEqual({ ok: false, status: 403, message: expect.stringMatching(/DNS-rebound/) })
  })
})

describe('the Twilio emulator behind the guard', () => {
  let emulator: RunningEmulator
  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterAll(() => emulator.close())

  const seed = async (count: number) => {
    emulator.reset()
    for (let i = 0; i < count; i++) {
      const sent = await sendMessage(emulator, { To: '+14155552671', From: '+14155550100', Body: `hello ${i}` })
      expect(sent.status).toBe(201)
    }
  }

  it('a rebound Host cannot read the outbox: 403 in Twilio’s error shape', async () => {
    await seed(1)
    const response = await rawRequest(emulator.url, {
      path: `${ADMIN_PREFIX}/messages`,
      headers: { host: `rebound.example:${emulator.port}` }
    })
    expect(response.status).toBe(403)
    expect(response.body).toEqual({
      code: 20403,
      message: expect.stringMatching(/^Host 'rebound.example:\d+' is not served/),
      more_info: 'https://www.twilio.com/docs/errors/20403',
      status: 403
    })
    expect(response.text).not.toContain('hello 0')
  })

  it.each<Record<string, string>>([
    { origin: 'https://evil.example' },
    { 'sec-fetch-site': 'cross-site' },
    { origin: 'null' },
    // Segment's pages call the dev server, never the emulator: they are trusted with serve's routes only.
    { origin: 'https://app.segment.com' },
    { origin: 'http://localhost:8000' }
  ])('a cross-site form POST to /__emulator/reset from %j does not wipe it', async (headers) => {
    await seed(2)
    const response = await rawRequest(emulator.url, {
      method: 'POST',
      path: `${ADMIN_PREFIX}/reset`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: 'x=1'
    })
    expect(response.status).toBe(403)
    expect(emulator.state.messages).toHaveLength(2)
  })

  it('a cross-site POST cannot change the faults or send a message either', async () => {
    const faults = await rawRequest(emulator.url, {
      method: 'POST',
      path: `${ADMIN_PREFIX}/faults`,
      headers: { origin: 'https://evil.example' },
      json: { rate5xx: 1 }
    })
    expect(faults.status).toBe(403)
    expect(emulator.faults.rate5xx).toBe(0)
    const before = emulator.state.messages.length
    const send = await rawRequest(emulator.url, {
      method: 'POST',
      path: `/2010-04-01/Accounts/${emulator.credentials.accountSid}/Messages.json`,
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'To=%2B14155552671&From=%2B14155550100&Body=x'
    })
    expect(send.status).toBe(403)
    expect(emulator.state.messages).toHaveLength(before)
  })

  it('curl, the destination and the SDK (no Origin) still reset it, and so does a page of its own origin', async () => {
    const callers: Array<Record<string, string>> = [{}, { origin: `http://localhost:${emulator.port}` }]
    for (const headers of callers) {
      await seed(1)
      const response = await rawRequest(emulator.url, { method: 'POST', path: `${ADMIN_PREFIX}/reset`, headers })
      expect(response.status).toBe(200)
      expect(emulator.state.messages).toHaveLength(0)
    }
  })

  it.each(['localhost', '127.0.0.1'])('Host %s with the port is served', async (name) => {
    const response = await rawRequest(emulator.url, {
      path: `${ADMIN_PREFIX}/state`,
      headers: { host: `${name}:${emulator.port}` }
    })
    expect(response.status).toBe(200)
  })

  it('GET /__emulator/messages?limit=0 returns no messages (and the total); limit=1 the newest', async () => {
    await seed(3)
    const none = await rawRequest(emulator.url, { path: `${ADMIN_PREFIX}/messages?limit=0` })
    expect(none.body).toEqual({ messages: [], total: 3 })
    const one = await rawRequest(emulator.url, { path: `${ADMIN_PREFIX}/messages?limit=1` })
    expect(one.body.messages.map((message: { body: string }) => message.body)).toEqual(['hello 2'])
    const negative = await rawRequest(emulator.url, { path: `${ADMIN_PREFIX}/messages?limit=-5` })
    expect(negative.body.messages).toEqual([])
  })
})

describe("the emulator's state-changing routes trust no other page, Segment's neither (issue 17)", () => {
  let emulator: RunningEmulator
  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterAll(() => emulator.close())

  const routes: Array<[string, unknown]> = [
    ['/__emulator/reset', {}],
    ['/__emulator/faults', { rate5xx: 1 }],
    ['/__emulator/inbound', { from: '+14155551212', body: 'STOP' }],
    ['/__emulator/stop', { from: '+14155551212' }],
    ['/__emulator/lifecycle', { stepMs: 0 }]
  ]

  it.each(SEGMENT_ORIGINS.map((origin) => [origin]))('from %s: 403, nothing changed', async (origin) => {
    await sendMessage(emulator, { To: '+14155552671', From: '+14155550100', Body: 'kept' })
    const before = emulator.state.messages.length
    for (const [path, json] of routes) {
      const response = await rawRequest(emulator.url, { method: 'POST', path, json, headers: { origin } })
      expect(response.status).toBe(403)
    }
    const send = await rawRequest(emulator.url, {
      method: 'POST',
      path: `${apiPath()}/Messages.json`,
      headers: { origin, authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'To=%2B14155552671&From=%2B14155550100&Body=x'
    })
    expect(send.status).toBe(403)
    expect(emulator.state.messages).toHaveLength(before)
    expect(emulator.faults.rate5xx).toBe(0)
  })
})
