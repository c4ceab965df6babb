// Requests the dev server cannot serve: each gets a 4xx with a clear message, and the server keeps serving.
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import { settings, useDevServer } from './app-harness'
import { FAKE } from './fake-twilio'

const { call } = useDevServer()

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
