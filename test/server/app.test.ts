/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read untyped JSON answers */
import type { DestinationDefinition } from '@segment/actions-core'
import destination from '../../src/destinations/twilio-messaging'
import { startDevServer, type RunningDevServer } from '../../src/server/app'
import { TWILIO_BASE_URL_ENV } from '../../src/destinations/twilio-messaging/twilio'
import { sampleEvent, sampleMapping, settingsFor } from '../../src/server/samples'
import { FAKE, startFakeTwilio, type FakeTwilio } from './fake-twilio'

const settings = settingsFor(FAKE)
const basicToken = Buffer.from(`${FAKE.apiKeySid}:${FAKE.apiKeySecret}`).toString('base64')

let twilio: FakeTwilio
let server: RunningDevServer
const logs: string[] = []
const bodies: string[] = []
const savedBaseUrl = process.env[TWILIO_BASE_URL_ENV]

async function call(path: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init
  const response = await fetch(`${server.url}${path}`, {
    method: json === undefined ? (rest.method ?? 'GET') : 'POST',
    ...rest,
    headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(rest.headers ?? {}) },
    body: json === undefined ? rest.body : JSON.stringify(json)
  })
  const text = await response.text()
  bodies.push(text)
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body: body as any }
}

beforeAll(async () => {
  twilio = await startFakeTwilio()
  process.env[TWILIO_BASE_URL_ENV] = twilio.url
  server = await startDevServer({ destination, port: 0, log: (line) => logs.push(line) })
})

afterAll(async () => {
  await server.close()
  await twilio.close()
  if (savedBaseUrl === undefined) delete process.env[TWILIO_BASE_URL_ENV]
  else process.env[TWILIO_BASE_URL_ENV] = savedBaseUrl
  // Redaction: nothing any test received or logged may carry the secret or a Basic credential.
  const everything = [...bodies, ...logs].join('\n')
  expect(everything).not.toContain(FAKE.apiKeySecret)
  expect(everything).not.toContain(basicToken)
  expect(everything).not.toContain('Basic ')
})

describe('dev server routes', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('GET /manifest serves the definition as JSON', async () => {
    const { status, body } = await call('/manifest')
    expect(status).toBe(200)
    expect(body.name).toBe('Twilio Messaging')
    expect(Object.keys(body.actions)).toEqual(['sendMessage'])
    expect(body.actions.sendMessage.fields.channel.label).toBe('Channel')
    expect(body.authentication.fields.apiKeySecret.type).toBe('password')
  })

  it('POST /authenticate answers {ok: true} for good credentials', async () => {
    const { status, body } = await call('/authenticate', { json: settings })
    expect(status).toBe(200)
    expect(body).toEqual({ ok: true })
  })

  it('POST /authenticate answers 200 {ok: false, error, fields} for bad ones', async () => {
    const wrong = await call('/authenticate', { json: { ...settings, apiKeySecret: 'nope-wrong-secret' } })
    expect(wrong.status).toBe(200)
    expect(wrong.body.ok).toBe(false)
    expect(wrong.body.error).toMatch(/Credentials are invalid/)
    expect(wrong.body.fields).toEqual({})
    expect(JSON.stringify(wrong.body)).not.toContain('nope-wrong-secret')

    const malformed = await call('/authenticate', { json: { ...settings, accountSID: 'AC123' } })
    expect(malformed.body.ok).toBe(false)
    expect(malformed.body.fields.accountSID).toMatch(/AC followed by 32/)

    const missing = await call('/authenticate', { json: {} })
    expect(missing.status).toBe(200)
    expect(missing.body.ok).toBe(false)
    expect(Object.keys(missing.body.fields)).toEqual(expect.arrayContaining(['accountSID']))
  })

  it('POST /sendMessage runs the event and reports the request/response pair, redacted', async () => {
    const before = twilio.messages.length
    const { status, body } = await call('/sendMessage', {
      json: { payload: sampleEvent(), settings, mapping: sampleMapping(), features: { 'some-flag': true } }
    })
    expect(status).toBe(200)
    expect(body).toHaveLength(1)
    const [exchange] = body
    expect(exchange.request.method).toBe('POST')
    expect(exchange.request.url).toBe(`${twilio.url}/2010-04-01/Accounts/${FAKE.accountSid}/Messages.json`)
    expect(exchange.request.headers.authorization).toBe('<redacted>')
    expect(exchange.request.body).toContain('To=%2B14155552671')
    expect(exchange.response.statusCode).toBe(201)
    expect(exchange.response.statusMessage).toBe('Created')
    expect(exchange.response.body.sid).toMatch(/^SM/)
    expect(twilio.messages.length).toBe(before + 1)
    expect(twilio.messages.at(-1)).toMatchObject({
      To: '+14155552671',
      From: '+14155550100',
      Body: 'Hi Ada, your order A-1001 has shipped!'
    })
  })

  it('a Twilio error becomes 200 [{statusCode, message, code, requestError}] with the exchange', async () => {
    const event = sampleEvent()
    ;(event.context as any).traits.phone = '+15005550001'
    const { status, body } = await call('/sendMessage', {
      json: { payload: event, settings, mapping: sampleMapping() }
    })
    expect(status).toBe(200)
    expect(body).toHaveLength(1)
    expect(body[0]).toMatchObject({ statusCode: 400, code: 'TWILIO_21211', requestError: true })
    expect(body[0].message).toMatch(/Twilio error 21211/)
    expect(body[0].exchanges[0].response.statusCode).toBe(400)
  })

  it('a mapping that fails validation names the field', async () => {
    const { body } = await call('/sendMessage', {
      json: { payload: sampleEvent(), settings, mapping: { ...sampleMapping(), channel: null } }
    })
    expect(body[0]).toMatchObject({ statusCode: 400, requestError: true })
    expect(body[0].message).toMatch(/channel/)
    expect(Object.keys(body[0].fields)).toContain('channel')
  })

  it('without a mapping the action defaults are used', async () => {
    const { body } = await call('/sendMessage', { json: { payload: sampleEvent(), settings } })
    expect(body[0].requestError).toBe(true)
    expect(body[0].message).toMatch(/fromPhoneNumber|From Phone Number/)
  })

  it('an array payload runs the batch path: an exchange per sent event, failures as entries with eventIndex', async () => {
    // Distinct messageIds: copies of one event would be sent once (duplicate protection).
    const events: any[] = ['batch-a', 'batch-b', 'batch-c'].map((messageId) => ({ ...sampleEvent(), messageId }))
    events[1].context.traits.phone = '+15005550001'
    const { status, body } = await call('/sendMessage', {
      json: { payload: events, settings, mapping: sampleMapping() }
    })
    expect(status).toBe(200)
    const exchanges = body.filter((item: any) => !item.requestError)
    const failures = body.filter((item: any) => item.requestError)
    expect(exchanges.map((item: any) => item.response.statusCode).sort()).toEqual([201, 201, 400])
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ requestError: true, eventIndex: 1, statusCode: 400 })
    expect(failures[0].message).toMatch(/Twilio error 21211/)
  })

  it('an event sent again (same messageId) says duplicate protection answered, with the recorded sid', async () => {
    const event = { ...sampleEvent(), messageId: 'resent-event-1' }
    const first = await call('/sendMessage', { json: { payload: event, settings, mapping: sampleMapping() } })
    const sid = first.body[0].response.body.sid
    const again = await call('/sendMessage', { json: { payload: event, settings, mapping: sampleMapping() } })
    expect(again.body).toEqual([
      {
        noRequest: true,
        message: expect.stringContaining(`Twilio already accepted this event (same messageId) as ${sid}`),
        result: { sid, status: expect.any(String), duplicate: true }
      }
    ])
  })

  it('clears recorded responses after every request', async () => {
    await call('/sendMessage', { json: { payload: sampleEvent(), settings, mapping: sampleMapping() } })
    const { body } = await call('/sendMessage', {
      json: { payload: sampleEvent(), settings, mapping: sampleMapping() }
    })
    expect(body).toHaveLength(1)
  })
})

describe('bad requests get a 4xx with a clear message', () => {
  it('malformed JSON: 400, without echoing the body', async () => {
    const { status, body } = await call('/sendMessage', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"settings": {"apiKeySecret": "${FAKE.apiKeySecret}"`
    })
    expect(status).toBe(400)
    expect(body.error).toMatch(/not valid JSON/)
  })

  it('missing settings: 400', async () => {
    const { status, body } = await call('/sendMessage', { json: { payload: sampleEvent(), mapping: sampleMapping() } })
    expect(status).toBe(400)
    expect(body.error).toMatch(/settings is required/)
  })

  it('missing payload, wrong types, non-object body: 400', async () => {
    expect((await call('/sendMessage', { json: { settings } })).status).toBe(400)
    expect((await call('/sendMessage', { json: { payload: 'hi', settings } })).status).toBe(400)
    expect((await call('/sendMessage', { json: { payload: [], settings } })).status).toBe(400)
    expect((await call('/sendMessage', { json: { payload: sampleEvent(), settings, mapping: [1] } })).status).toBe(400)
    const primitive = await call('/sendMessage', { json: 42 })
    expect(primitive.status).toBe(400)
    expect(primitive.body.error).toMatch(/JSON object/)
    const text = await call('/sendMessage', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })
    expect(text.status).toBe(400)
    expect((await call('/authenticate', { json: [settings] })).status).toBe(400)
  })

  it('body too large: 413', async () => {
    const { status, body } = await call('/sendMessage', {
      json: { payload: { ...sampleEvent(), padding: 'x'.repeat(1_100_000) }, settings }
    })
    expect(status).toBe(413)
    expect(body.error).toMatch(/too large/)
  })

  it('unknown action: 404 naming the actions', async () => {
    const { status, body } = await call('/sendEmail', { json: { payload: sampleEvent(), settings } })
    expect(status).toBe(404)
    expect(body.error).toMatch(/Unknown action 'sendEmail'.*sendMessage/)
  })

  it('unknown field, and a field without dynamic choices: 404', async () => {
    const unknown = await call('/sendMessage/nope', { json: { settings } })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error).toMatch(/no field 'nope'/)
    const unknownAction = await call('/sendEmail/channel', { json: { settings } })
    expect(unknownAction.status).toBe(404)
  })

  it('a dynamic field request without settings: 400', async () => {
    const { status, body } = await call('/sendMessage/fromPhoneNumber', { json: { payload: {} } })
    expect(status).toBe(400)
    expect(body.error).toMatch(/settings is required/)
  })

  it('GET / serves the mapping tester page from src/server/public', async () => {
    const { status, headers, body } = await call('/')
    expect(status).toBe(200)
    expect(headers.get('content-type')).toMatch(/^text\/html/)
    expect(body).toContain('mapping tester')
  })

  it('unknown route: 404 JSON', async () => {
    const { status, body } = await call('/nothing/here/at/all')
    expect(status).toBe(404)
    expect(body.error).toMatch(/No route/)
  })

  it('keeps serving after all of that', async () => {
    expect((await call('/manifest')).status).toBe(200)
  })
})

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${server.url}/sendMessage`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
    })

  // Exactly actions-cli serve's list (packages/cli/src/lib/server.ts).
  it.each([
    'https://app.segment.com',
    'https://eu1.app.segment.com',
    'https://app.segment.build',
    'https://eu1.app.segment.build',
    'http://localhost:8000'
  ])('allows %s', async (origin) => {
    const response = await preflight(origin)
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(origin)
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/)
  })

  it('answers Private Network Access preflights from allowed origins only', async () => {
    const ask = (origin: string) =>
      fetch(`${server.url}/sendMessage`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-private-network': 'true'
        }
      })
    expect((await ask('https://app.segment.com')).headers.get('access-control-allow-private-network')).toBe('true')
    expect((await ask('https://evil.example.com')).headers.get('access-control-allow-private-network')).toBeNull()
  })

  it('a simple request from an allowed origin gets the CORS header', async () => {
    const response = await fetch(`${server.url}/manifest`, { headers: { origin: 'https://app.segment.com' } })
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.segment.com')
  })

  it.each([
    'https://evil.example.com',
    'http://app.segment.com',
    'http://localhost.evil.com',
    'http://localhost:5173',
    'http://127.0.0.1:3001'
  ])('refuses %s', async (origin) => {
    const response = await preflight(origin)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('dynamic fields and performBatch (a test destination that has them)', () => {
  let custom: RunningDevServer
  const seen: any[] = []
  const definition: DestinationDefinition<any> = {
    name: 'Custom Test',
    mode: 'cloud',
    authentication: {
      scheme: 'custom',
      fields: { apiKeySecret: { label: 'Secret', description: 'Secret', type: 'password', required: true } }
    },
    actions: {
      greet: {
        title: 'Greet',
        description: 'Greets',
        fields: {
          name: { label: 'Name', description: 'Name', type: 'string', required: true, dynamic: true },
          vars: { label: 'Vars', description: 'Vars', type: 'object', dynamic: true },
          plain: { label: 'Plain', description: 'Plain', type: 'string' }
        },
        dynamicFields: {
          name: async (_request: unknown, { page, settings }: any) => {
            seen.push({ page, secret: settings.apiKeySecret })
            if (page === 'boom') throw new Error(`failed with ${settings.apiKeySecret}`)
            if (page === 'handled') return { choices: [], error: { code: 'NOPE', message: 'handled failure' } }
            return page === 'p2'
              ? { choices: [{ label: 'Two', value: '2' }] }
              : { choices: [{ label: 'One', value: '1' }], nextPage: 'p2' }
          },
          vars: {
            __keys__: async () => ({ choices: [{ label: 'first', value: 'first' }] }),
            __values__: async (_request: unknown, { dynamicFieldContext }: any) => ({
              choices: [{ label: `value of ${dynamicFieldContext?.selectedKey}`, value: 'v' }]
            })
          }
        } as any,
        perform: async (_request: unknown, { features, payload }: any) => {
          seen.push({ features, name: payload.name })
          return 'ok'
        },
        performBatch: async (_request, { payload }) => {
          seen.push({ batch: payload.map((item: any) => item.name) })
          return 'batched'
        }
      }
    }
  }

  beforeAll(async () => {
    custom = await startDevServer({ destination: definition, port: 0, log: (line) => logs.push(line) })
  })
  afterAll(() => custom.close())

  const post = async (path: string, json: unknown) => {
    const response = await fetch(`${custom.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(json)
    })
    const text = await response.text()
    bodies.push(text)
    return { status: response.status, body: JSON.parse(text) }
  }
  const secretSettings = { apiKeySecret: FAKE.apiKeySecret }

  it('POST /<action>/<field> returns the choices and pages with page (the number 1 first, as serve sends)', async () => {
    const first = await post('/greet/name', { settings: secretSettings, payload: {} })
    expect(first).toEqual({ status: 200, body: { choices: [{ label: 'One', value: '1' }], nextPage: 'p2' } })
    expect(seen.at(-1)).toEqual({ page: 1, secret: FAKE.apiKeySecret })
    const second = await post('/greet/name', { settings: secretSettings, page: 'p2' })
    expect(second.body.choices[0].value).toBe('2')
    expect(seen.at(-1)).toEqual({ page: 'p2', secret: FAKE.apiKeySecret })
  })

  it('dotted object lookups: __keys__ and a selected key', async () => {
    expect((await post('/greet/vars.__keys__', { settings: secretSettings })).body.choices[0].value).toBe('first')
    expect((await post('/greet/vars.first', { settings: secretSettings })).body.choices[0].label).toBe('value of first')
  })

  it('a handler that throws: 500 [{code, message}] as serve answers, the secret redacted, the stack only in the log', async () => {
    const { status, body } = await post('/greet/name', { settings: secretSettings, page: 'boom' })
    expect(status).toBe(500)
    expect(body).toEqual([{ code: '500', message: 'failed with <redacted>' }])
    expect(logs.some((line) => line.includes('stack: Error: failed with <redacted>'))).toBe(true)
  })

  it("a handler's own failure answer ({choices: [], error}) is passed on with 200", async () => {
    const { status, body } = await post('/greet/name', { settings: secretSettings, page: 'handled' })
    expect(status).toBe(200)
    expect(body).toEqual({ choices: [], error: { code: 'NOPE', message: 'handled failure' } })
  })

  it('a field without a handler: 404', async () => {
    const { status, body } = await post('/greet/plain', { settings: secretSettings })
    expect(status).toBe(404)
    expect(body.error).toMatch(/no dynamic choices/)
  })

  it('passes features through to perform', async () => {
    const { status, body } = await post('/greet', {
      settings: secretSettings,
      mapping: { name: 'x' },
      payload: { type: 'track' },
      features: { 'my-flag': true }
    })
    expect(status).toBe(200)
    expect(body).toEqual([
      { noRequest: true, message: 'No request was made: the action finished without an HTTP request.', result: 'ok' }
    ])
    expect(seen.at(-1)).toEqual({ features: { 'my-flag': true }, name: 'x' })
  })

  it('an array payload runs performBatch when the action has one', async () => {
    const { status, body } = await post('/greet', {
      settings: secretSettings,
      mapping: { name: { '@path': '$.properties.name' } },
      payload: [
        { type: 'track', properties: { name: 'a' } },
        { type: 'track', properties: {} },
        { type: 'track', properties: { name: 'c' } }
      ]
    })
    expect(status).toBe(200)
    expect(seen.at(-1)).toEqual({ batch: ['a', 'c'] })
    expect(body).toEqual([expect.objectContaining({ requestError: true, eventIndex: 1, statusCode: 400 })])
  })
})
