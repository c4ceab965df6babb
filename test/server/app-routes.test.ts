// The dev server's routes as the Actions Tester calls them: the manifest, authentication, and sending through
// the fake Twilio (exchanges, errors, batches, duplicate protection).
/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read untyped JSON answers */
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import { settings, useDevServer } from './app-harness'
import { FAKE } from './fake-twilio'

const app = useDevServer()
const { call } = app

describe('dev server routes', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(app.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
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
    const before = app.twilio.messages.length
    const { status, body } = await call('/sendMessage', {
      json: { payload: sampleEvent(), settings, mapping: sampleMapping(), features: { 'some-flag': true } }
    })
    expect(status).toBe(200)
    expect(body).toHaveLength(1)
    const [exchange] = body
    expect(exchange.request.method).toBe('POST')
    expect(exchange.request.url).toBe(`${app.twilio.url}/2010-04-01/Accounts/${FAKE.accountSid}/Messages.json`)
    expect(exchange.request.headers.authorization).toBe('<redacted>')
    expect(exchange.request.body).toContain('To=%2B14155552671')
    expect(exchange.response.statusCode).toBe(201)
    expect(exchange.response.statusMessage).toBe('Created')
    expect(exchange.response.body.sid).toMatch(/^SM/)
    expect(app.twilio.messages.length).toBe(before + 1)
    expect(app.twilio.messages.at(-1)).toMatchObject({
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
