// The emulator's Twilio Regions: it answers as the host named in X-Twilio-Host (api.twilio.com when none), keeps
// each region's credentials, numbers and messages apart, and refuses in IE1 what Twilio refuses there (21670 media,
// 21671 Content Templates, 21663 a sender whose messaging region is another one). docs/emulator.md cites the pages.
import { ADMIN_PREFIX, IE1_DEMO_CREDENTIALS, IE1_DEMO_NUMBERS } from '../src/emulator'
import { DEMO_CREDENTIALS, createDemoAccount } from '../src/emulator/seed'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { FormInput, apiPath, basicAuth, form } from './emulator-helpers'

const US1_AUTH = basicAuth()
const IE1_AUTH = basicAuth(IE1_DEMO_CREDENTIALS.apiKeySid, IE1_DEMO_CREDENTIALS.apiKeySecret)
const IE1_API = 'api.dublin.ie1.twilio.com'
const UK = IE1_DEMO_NUMBERS.uk
const TO = '+447700900200'

let emulator: RunningEmulator
beforeEach(async () => {
  emulator = await startEmulator()
})
afterEach(() => emulator.close())

interface Answer {
  status: number
  body: Record<string, unknown> & { code?: number; message?: string }
}

async function call(host: string | undefined, path: string, auth: string, input?: FormInput): Promise<Answer> {
  const headers: Record<string, string> = { authorization: auth }
  if (host) headers['x-twilio-host'] = host
  const response = await fetch(`${emulator.url}${path}`, {
    method: input ? 'POST' : 'GET',
    headers,
    body: input ? form(input) : undefined
  })
  return { status: response.status, body: (await response.json()) as Answer['body'] }
}

const create = (host: string | undefined, auth: string, input: FormInput) =>
  call(host, `${apiPath()}/Messages.json`, auth, input)

type Case = [string, string | undefined, string, FormInput, number, number | undefined]

const US1_SMS = { To: '+14155551212', From: '+14155550100', Body: 'Hi' }
const IE1_SMS = { To: TO, From: UK, Body: 'Hi' }

const cases: Case[] = [
  ['US1 without a host header: SMS from a US1 number', undefined, US1_AUTH, US1_SMS, 201, undefined],
  ['api.twilio.com: SMS from a US1 number', 'api.twilio.com', US1_AUTH, US1_SMS, 201, undefined],
  ['api.us1.twilio.com', 'api.us1.twilio.com', US1_AUTH, US1_SMS, 201, undefined],
  ['api.ashburn.us1.twilio.com', 'api.ashburn.us1.twilio.com', US1_AUTH, US1_SMS, 201, undefined],
  [
    'US1: MMS with media',
    'api.twilio.com',
    US1_AUTH,
    { ...US1_SMS, MediaUrl: 'https://example.com/a.png' },
    201,
    undefined
  ],
  ['US1: from an IE1 number', 'api.twilio.com', US1_AUTH, { ...US1_SMS, From: UK }, 400, 21663],
  ['US1 with IE1 credentials', 'api.twilio.com', IE1_AUTH, US1_SMS, 401, 20003],
  ['IE1: SMS from a UK number', IE1_API, IE1_AUTH, IE1_SMS, 201, undefined],
  ['IE1: SMS from the Irish number', IE1_API, IE1_AUTH, { ...IE1_SMS, From: IE1_DEMO_NUMBERS.ireland }, 201, undefined],
  ['IE1: SMS from an alphanumeric sender ID', IE1_API, IE1_AUTH, { ...IE1_SMS, From: 'Acme' }, 201, undefined],
  ['IE1: media', IE1_API, IE1_AUTH, { ...IE1_SMS, MediaUrl: 'https://example.com/a.png' }, 400, 21670],
  ['IE1: a Content Template', IE1_API, IE1_AUTH, { To: TO, From: UK, ContentSid: 'HX' + 'a'.repeat(32) }, 400, 21671],
  ['IE1: Content Variables', IE1_API, IE1_AUTH, { ...IE1_SMS, ContentVariables: '{"1":"x"}' }, 400, 21671],
  ['IE1: from a +1 number', IE1_API, IE1_AUTH, { ...IE1_SMS, From: '+14155550100' }, 400, 21663],
  ['IE1: from a short code', IE1_API, IE1_AUTH, { ...IE1_SMS, From: '89757' }, 400, 21663],
  ['IE1: WhatsApp', IE1_API, IE1_AUTH, { To: `whatsapp:${TO}`, From: `whatsapp:${UK}`, Body: 'Hi' }, 400, 21663],
  ['IE1 with US1 credentials', IE1_API, US1_AUTH, IE1_SMS, 401, 20003],
  ['the retired api.ie1.twilio.com', 'api.ie1.twilio.com', IE1_AUTH, IE1_SMS, 404, 20404],
  ['a host that is not Twilio’s', 'api.example.com', IE1_AUTH, IE1_SMS, 404, 20404],
  ['Messages on the messaging host', 'messaging.dublin.ie1.twilio.com', IE1_AUTH, IE1_SMS, 404, 20404]
]

describe('Messages create, per region', () => {
  it.each(cases)('%s: %s', async (_name, host, auth, input, status, code) => {
    const answer = await create(host, auth, input)
    expect([answer.status, answer.body.code]).toEqual([status, code])
    if (status === 201) expect(answer.body.account_sid).toBe(DEMO_CREDENTIALS.accountSid)
  })

  it('IE1 sends through its own Messaging Service', async () => {
    const services = await call('messaging.dublin.ie1.twilio.com', '/v1/Services', IE1_AUTH)
    const [service] = services.body.services as Array<{ sid: string; friendly_name: string }>
    expect(service.friendly_name).toBe('EU notifications')
    const answer = await create(IE1_API, IE1_AUTH, { To: TO, MessagingServiceSid: service.sid, Body: 'Hi' })
    expect(answer.status).toBe(201)
    // US1 has no such service: the SID is another region's.
    const elsewhere = await create('api.twilio.com', US1_AUTH, { To: TO, MessagingServiceSid: service.sid, Body: 'Hi' })
    expect([elsewhere.status, elsewhere.body.code]).toEqual([400, 21701])
  })

  it('refuses with Twilio’s words for 21670 and 21671', async () => {
    const media = await create(IE1_API, IE1_AUTH, { ...IE1_SMS, MediaUrl: 'https://example.com/a.png' })
    expect(media.body).toMatchObject({
      message: 'Media is not supported for messaging in this Twilio region.',
      more_info: 'https://www.twilio.com/docs/errors/21670'
    })
    const template = await create(IE1_API, IE1_AUTH, { To: TO, From: UK, ContentSid: 'HX' + 'a'.repeat(32) })
    expect(template.body.message).toBe('Content Templates are not supported for messaging in this Twilio region.')
  })
})

describe('each region apart', () => {
  it('keeps messages in the region that accepted them: lists, the state and the admin outbox', async () => {
    await create(IE1_API, IE1_AUTH, IE1_SMS)
    await create('api.twilio.com', US1_AUTH, US1_SMS)
    const ie1 = await call(IE1_API, `${apiPath()}/Messages.json`, IE1_AUTH)
    const us1 = await call(undefined, `${apiPath()}/Messages.json`, US1_AUTH)
    expect((ie1.body.messages as Array<{ from: string }>).map((message) => message.from)).toEqual([UK])
    expect((us1.body.messages as Array<{ from: string }>).map((message) => message.from)).toEqual(['+14155550100'])
    expect(emulator.regions.ie1.state.messages).toHaveLength(1)
    expect(emulator.state.messages).toHaveLength(1)
    const outbox = (await (await fetch(`${emulator.url}${ADMIN_PREFIX}/regions/ie1/messages`)).json()) as {
      messages: Array<{ from: string }>
    }
    expect(outbox.messages.map((message) => message.from)).toEqual([UK])
  })

  it('lists each region’s own numbers, and no short codes in IE1', async () => {
    const numbers = async (host: string | undefined, auth: string) =>
      (
        (await call(host, `${apiPath()}/IncomingPhoneNumbers.json`, auth)).body.incoming_phone_numbers as Array<{
          phone_number: string
        }>
      ).map((number) => number.phone_number)
    expect(await numbers(IE1_API, IE1_AUTH)).toEqual([UK, IE1_DEMO_NUMBERS.ireland])
    expect(await numbers(undefined, US1_AUTH)).toEqual(createDemoAccount().phoneNumbers.map((n) => n.phoneNumber))
    const shortCodes = await call(IE1_API, `${apiPath()}/SMS/ShortCodes.json`, IE1_AUTH)
    expect(shortCodes.body.short_codes).toEqual([])
  })

  it('writes v1 links on the host that was asked, as Twilio does', async () => {
    const services = await call('messaging.dublin.ie1.twilio.com', '/v1/Services?PageSize=1', IE1_AUTH)
    expect((services.body.meta as { url: string }).url).toMatch(
      /^https:\/\/messaging\.dublin\.ie1\.twilio\.com\/v1\/Services/
    )
  })

  it('resets every region', async () => {
    await create(IE1_API, IE1_AUTH, IE1_SMS)
    emulator.reset()
    expect(emulator.regions.ie1.state.messages).toHaveLength(0)
  })
})

describe('admin routes per region', () => {
  it('POST /__emulator/reset clears every region; /__emulator/regions/ie1/reset IE1 only', async () => {
    const post = (path: string) => fetch(`${emulator.url}${ADMIN_PREFIX}${path}`, { method: 'POST' })
    await create(IE1_API, IE1_AUTH, IE1_SMS)
    await create(undefined, US1_AUTH, US1_SMS)
    await post('/regions/ie1/reset')
    expect([emulator.regions.ie1.state.messages.length, emulator.state.messages.length]).toEqual([0, 1])
    await create(IE1_API, IE1_AUTH, IE1_SMS)
    await post('/reset')
    expect([emulator.regions.ie1.state.messages.length, emulator.state.messages.length]).toEqual([0, 0])
  })
})
