// The dropdowns in each Twilio Region: they read the region's own hosts and offer only what the region sends (IE1:
// SMS, inline text, senders that are not +1 numbers or short codes).
import nock from 'nock'
import {
  NUMBERS_PATH,
  page2010,
  pageV1,
  phoneNumber,
  service,
  settings,
  sid
} from '../../__tests__/__helpers__/twilio-lists'
import { lookup, values } from './__helpers__/dynamic-field-lookup'
import { useNockedTwilio } from './__helpers__/lookup-environment'

useNockedTwilio()

const IE1 = { ...settings, region: 'ie1' }
const API_IE1 = 'https://api.dublin.ie1.twilio.com'
const MESSAGING_IE1 = 'https://messaging.dublin.ie1.twilio.com'

const ukNumber = (index: number) => ({
  ...phoneNumber(index),
  phone_number: `+4477009001${String(index).padStart(2, '0')}`,
  friendly_name: `UK ${index}`
})

describe('channel, sender type and template type', () => {
  it.each([
    [{}, ['SMS', 'MMS', 'Whatsapp', 'RCS']],
    [{ region: 'us1', edge: 'ashburn' }, ['SMS', 'MMS', 'Whatsapp', 'RCS']],
    [{ region: 'ie1' }, ['SMS']]
  ])('channels with settings %j: %j', async (region, channels) => {
    expect(values(await lookup('channel', {}, { settings: { ...settings, ...region } }))).toEqual(channels)
  })

  it('IE1 keeps Messenger out even with its flag on', async () => {
    const features = { 'actions-twilio-messenger-facebook': true }
    expect(values(await lookup('channel', {}, { settings: IE1, features }))).toEqual(['SMS'])
  })

  it('IE1 offers Inline only, as Twilio refuses Content Templates there', async () => {
    expect(values(await lookup('contentTemplateType', { channel: 'SMS' }, { settings: IE1 }))).toEqual(['Inline'])
    expect(values(await lookup('contentTemplateType', { channel: 'SMS' }))).toEqual(['Inline', 'Text'])
  })

  it.each(['senderType', 'contentTemplateType', 'fromPhoneNumber'])(
    '%s for a WhatsApp mapping in IE1 says the region does not send it, without a request',
    async (field) => {
      const response = await lookup(field, { channel: 'Whatsapp' }, { settings: IE1 })
      expect(response.error).toEqual({
        code: 'NOT_IN_REGION',
        message: expect.stringMatching(
          /^Channel \(channel\) WhatsApp cannot be sent through the Ireland region \(IE1\)/
        )
      })
    }
  )

  it('an unknown region ends the dropdown before any request, naming the setting', async () => {
    const response = await lookup('fromPhoneNumber', { channel: 'SMS' }, { settings: { ...settings, region: 'eu1' } })
    expect(response.error).toEqual({
      code: 'INVALID_SETTINGS',
      message: expect.stringMatching(/^Twilio Region \(region\) "eu1"/)
    })
  })
})

describe('senders', () => {
  it('IE1 lists the account’s numbers from the IE1 host, leaves out +1 numbers and asks for no short codes', async () => {
    const numbers = [phoneNumber(1), ukNumber(2), ukNumber(3)]
    const scope = nock(API_IE1)
      .get(NUMBERS_PATH)
      .query({ PageSize: '1000' })
      .reply(200, page2010('incoming_phone_numbers', NUMBERS_PATH, numbers, 0, 1000, true))
    const response = await lookup('fromPhoneNumber', { channel: 'SMS' }, { settings: IE1 })
    expect(scope.isDone()).toBe(true)
    expect(response.error).toBeUndefined()
    expect(values(response)).toEqual(['+447700900102', '+447700900103'])
  })

  it('IE1 with only +1 numbers says why none is offered (21668)', async () => {
    nock(API_IE1)
      .get(NUMBERS_PATH)
      .query(true)
      .reply(200, page2010('incoming_phone_numbers', NUMBERS_PATH, [phoneNumber(1)], 0, 1000, true))
    const response = await lookup('fromPhoneNumber', { channel: 'SMS' }, { settings: IE1 })
    expect(response.error).toEqual({
      code: 'NO_REGIONAL_SENDER',
      message: expect.stringMatching(
        /can send in the Ireland region \(IE1\): Twilio does not allow \+1 numbers there \(error 21668\)/
      )
    })
  })

  it('IE1 lists Messaging Services from the IE1 messaging host, following its next-page link there', async () => {
    const first = pageV1('services', 'https://messaging.twilio.com', '/v1/Services', [service(1)], 0, 1000, false)
    const scope = nock(MESSAGING_IE1)
      .get('/v1/Services')
      .query({ PageSize: '1000' })
      .reply(200, first)
      .get('/v1/Services')
      .query((query) => query.Page === '1')
      .reply(200, pageV1('services', MESSAGING_IE1, '/v1/Services', [service(2)], 1, 1000, true))
    const response = await lookup('messagingServiceSid', { channel: 'SMS' }, { settings: IE1 })
    expect(scope.isDone()).toBe(true)
    expect(values(response)).toEqual([`Service 1 [${sid('MG', 1)}]`, `Service 2 [${sid('MG', 2)}]`])
  })

  it('a redirect from IE1 to a US1 host is not followed: IE1 credentials stay in IE1', async () => {
    nock(API_IE1)
      .get(NUMBERS_PATH)
      .query(true)
      .reply(302, '', { Location: `https://api.twilio.com${NUMBERS_PATH}?PageSize=1000` })
    const response = await lookup('fromPhoneNumber', { channel: 'SMS' }, { settings: IE1 })
    expect(response.error?.code).toBe('TWILIO_REDIRECT')
  })
})

describe('templates', () => {
  it.each([
    ['contentSid', { channel: 'SMS', contentTemplateType: 'Text' }],
    ['contentVariables', { channel: 'SMS', contentTemplateType: 'Text', contentSid: sid('HX', 1) }]
  ])('%s in IE1 says Twilio refuses Content Templates there (21671), without a request', async (field, payload) => {
    const response =
      field === 'contentVariables' ? await keysLookup(payload) : await lookup(field, payload, { settings: IE1 })
    expect(response.error).toEqual({
      code: 'NOT_IN_REGION',
      message: expect.stringMatching(/Twilio refuses Content Templates in the Ireland region \(IE1\) \(error 21671\)/)
    })
  })
})

/** The Content Variables keys handler (an object field's `__keys__`), called as actions-core calls it. */
async function keysLookup(payload: Record<string, unknown>) {
  const { dynamicFields } = await import('../dynamic-fields')
  const keys = (dynamicFields.contentVariables as { __keys__: (...args: unknown[]) => Promise<unknown> }).__keys__
  return (await keys(() => Promise.reject(new Error('no request expected')), { settings: IE1, payload })) as {
    error?: unknown
  }
}
