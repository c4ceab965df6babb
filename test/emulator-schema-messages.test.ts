// Messages answers of the emulator conform to the response schemas of Twilio's OpenAPI spec (from node_modules, see
// helpers/twilio-oai.ts; validators in helpers/twilio-oai-schemas.ts): create, list and fetch, and messages in every
// status after acceptance.
import { ManualTime } from '../src/emulator/clock'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { apiPath, basicAuth, getJson, sendMessage } from './emulator-helpers'
import { MAIN, MARKETING, TO, account } from './helpers/emulator-fixtures'
import { Json, ajv, expectValid, responseValidator } from './helpers/twilio-oai-schemas'

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator.close()
})

describe('Messages', () => {
  const messages = '/2010-04-01/Accounts/{AccountSid}/Messages.json'
  const create = () => responseValidator('api', messages, 'post', '201')
  const sendAt = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

  it.each([
    ['with From', { To: TO, From: MAIN, Body: 'Hello' }],
    ['with media', { To: TO, From: MAIN, MediaUrl: 'https://x.example/a.jpg' }],
    ['through a Messaging Service', { To: TO, MessagingServiceSid: MARKETING, Body: 'Hi' }],
    ['scheduled', { To: TO, MessagingServiceSid: MARKETING, Body: 'Hi', ScheduleType: 'fixed', SendAt: sendAt }],
    ['WhatsApp', { To: `whatsapp:${TO}`, From: 'whatsapp:+14155550123', Body: 'Hi' }],
    ['a content template', { To: TO, From: MAIN, ContentSid: account.contents[0].sid, ContentVariables: '{"1":"Ada"}' }]
  ])('create %s conforms and has every property of the schema', async (_name, input) => {
    const response = await sendMessage(emulator, input)
    expect(response.status).toBe(201)
    expectValid(create(), response.body, 'create')
    const schema = (ajv.getSchema('api#/components/schemas/api.v2010.account.message')!.schema as Json)
      .properties as Json
    expect(Object.keys(response.body).sort()).toEqual(expect.arrayContaining(Object.keys(schema).sort()))
  })

  it('the validator is not vacuous: it catches wrong types, enums, patterns and dates', async () => {
    const sent = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'Hello' })
    const validate = create()
    for (const broken of [
      { ...sent.body, num_segments: 1 },
      { ...sent.body, status: 'bogus' },
      { ...sent.body, sid: 'XX123' },
      { ...sent.body, date_created: '2025-06-01T12:00:00Z' }
    ]) {
      expect(validate(broken)).toBe(false)
    }
    expect(validate({ ...sent.body, price: null })).toBe(true)
  })

  it('list and fetch conform', async () => {
    const sent = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'Listed' })
    const list = await getJson(emulator, `${apiPath()}/Messages.json?PageSize=1`)
    expectValid(responseValidator('api', messages, 'get', '200'), list.body, 'list')
    const fetched = await getJson(emulator, `${apiPath()}/Messages/${sent.body.sid}.json`)
    expectValid(
      responseValidator('api', '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json', 'get', '200'),
      fetched.body,
      'fetch'
    )
  })
})

describe('Messages after acceptance', () => {
  it('delivered, undelivered, failed, canceled and inbound messages conform (fetch, list and update)', async () => {
    const time = new ManualTime(new Date())
    const later = await startEmulator({ scheduler: time })
    try {
      const send = (input: Record<string, string>) => sendMessage(later, input).then((response) => response.body.sid)
      const sids = [
        await send({ To: TO, From: MAIN, Body: 'Hello' }),
        await send({ To: '+14155530003', From: MAIN, Body: 'Carrier failure' }),
        await send({ To: `whatsapp:${TO}`, MessagingServiceSid: account.services[1].sid, Body: 'Outside the session' })
      ]
      const scheduled = await send({
        To: TO,
        MessagingServiceSid: MARKETING,
        Body: 'Later',
        ScheduleType: 'fixed',
        SendAt: new Date(time.now().getTime() + 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
      })
      const update = await fetch(`${later.url}${apiPath()}/Messages/${scheduled}.json`, {
        method: 'POST',
        headers: { authorization: basicAuth() },
        body: new URLSearchParams({ Status: 'canceled' })
      })
      const message = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json'
      expectValid(responseValidator('api', message, 'post', '200'), await update.json(), 'canceled')
      await time.advance(5000)
      await fetch(`${later.url}/__emulator/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: `whatsapp:${TO}` })
      })
      for (const sid of sids) {
        const fetched = await getJson(later, `${apiPath()}/Messages/${sid}.json`)
        expectValid(responseValidator('api', message, 'get', '200'), fetched.body, String(fetched.body.status))
      }
      const list = await getJson(later, `${apiPath()}/Messages.json`)
      expect((list.body.messages as { status: string }[]).map((m) => m.status).sort()).toEqual(
        ['canceled', 'delivered', 'failed', 'received', 'undelivered'].sort()
      )
      expectValid(
        responseValidator('api', '/2010-04-01/Accounts/{AccountSid}/Messages.json', 'get', '200'),
        list.body,
        'list'
      )
    } finally {
      await later.close()
    }
  })
})
