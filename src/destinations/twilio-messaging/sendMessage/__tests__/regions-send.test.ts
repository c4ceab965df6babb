// Sends, read-backs and Test connection in each Twilio Region, against nock: what a region allows goes to that
// region's API host; what it cannot send is refused before any request, with Twilio's own error code (docs/fields.md
// cites Twilio's pages: 21670 media, 21671 Content Templates, 21668 +1 numbers, 21663 a sender of another region).
import nock from 'nock'
import { createTestEvent, createTestIntegration } from '@segment/actions-core'
import type { JSONObject } from '@segment/actions-core'
import destination from '../..'
import {
  HX_SID,
  MESSAGES_PATH,
  MG_SID,
  SETTINGS,
  multistatus,
  twilioMessage
} from '../../__tests__/__helpers__/fixtures'

const testDestination = createTestIntegration(destination)
const US1 = 'https://api.twilio.com'
const ASHBURN = 'https://api.ashburn.us1.twilio.com'
const IE1 = 'https://api.dublin.ie1.twilio.com'
const NUMBERS_PATH = MESSAGES_PATH.replace('Messages.json', 'IncomingPhoneNumbers.json')

const sms = {
  channel: 'SMS',
  senderType: 'Phone number',
  contentTemplateType: 'Inline',
  toPhoneNumber: { '@path': '$.properties.phone' },
  fromPhoneNumber: '+447700900100',
  inlineBody: 'Hello {{first_name}}'
}
const template = { contentTemplateType: 'Text', contentSid: HX_SID, inlineBody: undefined }
const whatsapp = { channel: 'Whatsapp', fromPhoneNumber: '+447700900100' }

let sent = 0
function send(settings: Record<string, unknown>, mapping: Record<string, unknown>) {
  const event = createTestEvent({
    type: 'track',
    messageId: `region-${++sent}`,
    properties: { first_name: 'Ada', phone: '+447700900200' }
  })
  return testDestination.testAction('sendMessage', {
    event,
    settings: { ...SETTINGS, ...settings },
    mapping: mapping as JSONObject
  })
}

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(pending).toEqual([])
})
afterAll(() => nock.enableNetConnect())

type Case<T> = [string, Record<string, unknown>, Record<string, unknown>, T]

const allowed: Array<Case<string>> = [
  ['US1 (no setting): SMS from a +1 number', {}, { ...sms, fromPhoneNumber: '+14155550100' }, US1],
  [
    'US1: MMS with media',
    { region: 'us1' },
    { ...sms, channel: 'MMS', inlineMediaUrls: ['https://example.com/a.png'] },
    US1
  ],
  ['US1: a Content Template', { region: 'us1' }, { ...sms, ...template }, US1],
  ['US1: a short code', { region: 'us1' }, { ...sms, fromPhoneNumber: '89757' }, US1],
  ['US1: WhatsApp', { region: 'us1' }, { ...sms, ...whatsapp }, US1],
  ['US1 through the ashburn edge: SMS', { region: 'us1', edge: 'ashburn' }, sms, ASHBURN],
  ['IE1: SMS from a UK number', { region: 'ie1' }, sms, IE1],
  ['IE1 (dublin edge named): SMS', { region: 'ie1', edge: 'dublin' }, sms, IE1],
  ['IE1: SMS from an alphanumeric sender ID', { region: 'ie1' }, { ...sms, fromPhoneNumber: 'Acme' }, IE1],
  [
    'IE1: SMS through a Messaging Service',
    { region: 'ie1' },
    { ...sms, senderType: 'Messaging Service', messagingServiceSid: MG_SID },
    IE1
  ]
]

describe('what a region sends goes to its own API host', () => {
  it.each(allowed)('%s', async (_name, settings, mapping, host) => {
    const scope = nock(host).post(MESSAGES_PATH).reply(201, twilioMessage('SM0123456789abcdef0123456789abcdef'))
    const [response] = await send(settings, mapping)
    expect(response.status).toBe(201)
    expect(scope.isDone()).toBe(true)
  })
})

const refused: Array<Case<RegExp>> = (
  [
    [
      'MMS',
      { ...sms, channel: 'MMS', inlineMediaUrls: ['https://example.com/a.png'] },
      /Channel \(channel\) MMS cannot be sent through the Ireland region \(IE1\): Twilio refuses media there \(error 21670\)\. Set Channel to SMS, or set Twilio Region \(region\) to 'us1'/
    ],
    [
      'SMS with media URLs',
      { ...sms, inlineMediaUrls: ['https://example.com/a.png'] },
      /Inline Media URLs \(inlineMediaUrls\): Twilio refuses media in the Ireland region \(IE1\) \(error 21670\)\. Remove the media URLs/
    ],
    [
      'a Content Template',
      { ...sms, ...template },
      /Content Template Type \(contentTemplateType\) 'Text': Twilio refuses Content Templates in the Ireland region \(IE1\) \(error 21671\)\. Set Content Template Type to Inline/
    ],
    [
      'a +1 sender',
      { ...sms, fromPhoneNumber: '+14155550100' },
      /From Phone Number \(fromPhoneNumber\) '\+14155550100' is a \+1 \(North American\) number.*\(error 21668\)\. Choose a number of another country or an alphanumeric sender ID/
    ],
    [
      'a +1 sender written nationally',
      { ...sms, fromPhoneNumber: '(415) 555-0100', defaultCountry: 'US' },
      /'\+14155550100' is a \+1 \(North American\) number.*error 21668/
    ],
    [
      'a short code',
      { ...sms, fromPhoneNumber: '89757' },
      /'89757' is a short code, which cannot send in the Ireland region \(IE1\).*\(error 21663\)/
    ],
    [
      'WhatsApp',
      { ...sms, ...whatsapp },
      /Channel \(channel\) WhatsApp cannot be sent through the Ireland region \(IE1\): Twilio offers SMS only there\. Set Channel to SMS/
    ],
    [
      'RCS',
      { ...sms, channel: 'RCS', senderType: 'Messaging Service', messagingServiceSid: MG_SID },
      /Channel \(channel\) RCS cannot be sent through the Ireland region \(IE1\)/
    ],
    [
      'Messenger',
      {
        ...sms,
        channel: 'Messenger',
        senderType: 'Facebook Page ID',
        fromFacebookPageId: '101234567890123',
        toMessengerUserId: '1234567890123456'
      },
      /Channel \(channel\) Messenger cannot be sent through the Ireland region \(IE1\)/
    ]
  ] as Array<[string, Record<string, unknown>, RegExp]>
).map(([name, mapping, message]) => [`IE1 refuses ${name}`, { region: 'ie1' }, mapping, message])

describe('what a region cannot send is refused before any request', () => {
  it.each(refused)('%s', async (_name, settings, mapping, message) => {
    // No interceptor: nock refuses any request, so a refusal that came from Twilio would fail differently.
    await expect(send(settings, mapping)).rejects.toThrow(message)
  })

  it.each([
    [{ region: 'eu1' }, /Twilio Region \(region\) "eu1"/],
    [{ region: 'ie1', edge: 'umatilla' }, /Twilio Edge Location \(edge\) "umatilla"/]
  ])('settings %j are refused before any request, naming the setting', async (settings, message) => {
    await expect(send(settings, sms)).rejects.toThrow(message)
  })
})

describe('a batch in IE1', () => {
  it('sends what IE1 sends to its host, and refuses the rest per event, before any request', async () => {
    const scope = nock(IE1).post(MESSAGES_PATH).reply(201, twilioMessage('SM0123456789abcdef0123456789abcdef'))
    const events = ['SMS', 'MMS', 'Whatsapp'].map((channel, i) =>
      createTestEvent({
        type: 'track',
        messageId: `region-batch-${i}`,
        properties: { first_name: 'Ada', phone: '+447700900200', channel }
      })
    )
    await testDestination.testBatchAction('sendMessage', {
      events,
      settings: { ...SETTINGS, region: 'ie1' },
      mapping: { ...sms, channel: { '@path': '$.properties.channel' } }
    })
    const results = multistatus(testDestination)
    expect(results.map((result) => result.status)).toEqual([201, 400, 400])
    expect(results[1].errormessage).toMatch(/MMS cannot be sent through the Ireland region \(IE1\).*error 21670/)
    expect(results[2].errormessage).toMatch(/WhatsApp cannot be sent through the Ireland region \(IE1\)/)
    expect(scope.isDone()).toBe(true)
  })
})

describe('read-back and Test connection use the region too', () => {
  it('reads IE1’s message list after a 500, on the IE1 host', async () => {
    nock(IE1).post(MESSAGES_PATH).reply(500, { code: 20500, message: 'Internal Server Error', status: 500 })
    const list = nock(IE1)
      .get(MESSAGES_PATH)
      .query((query) => query.To === '+447700900200' && query.From === '+447700900100')
      .reply(200, { messages: [] })
    await expect(send({ region: 'ie1' }, sms)).rejects.toThrow()
    expect(list.isDone()).toBe(true)
  })

  it.each([
    [{}, US1],
    [{ region: 'us1', edge: 'umatilla' }, 'https://api.umatilla.us1.twilio.com'],
    [{ region: 'ie1' }, IE1]
  ])('Test connection with %j lists one number on %s', async (settings, host) => {
    const scope = nock(host).get(NUMBERS_PATH).query({ PageSize: '1' }).reply(200, { incoming_phone_numbers: [] })
    await testDestination.testAuthentication({ ...SETTINGS, ...settings } as typeof SETTINGS)
    expect(scope.isDone()).toBe(true)
  })

  it('says an IE1 key must be created in IE1 when Twilio refuses the credentials', async () => {
    nock(IE1).get(NUMBERS_PATH).query(true).reply(401, { code: 20003, message: 'Authenticate', status: 401 })
    await expect(testDestination.testAuthentication({ ...SETTINGS, region: 'ie1' })).rejects.toThrow(
      /be created in the Ireland region \(IE1\): API keys work in their own region only\)\. Twilio error 20003/
    )
  })

  it('refuses an unknown region before asking Twilio', async () => {
    // actions-core checks a setting with choices against them first; our own check (above) names the fix too.
    await expect(
      testDestination.testAuthentication({ ...SETTINGS, region: 'ie2' } as unknown as typeof SETTINGS)
    ).rejects.toThrow(/Twilio Region must be one of: "us1" or "ie1"/)
  })
})
