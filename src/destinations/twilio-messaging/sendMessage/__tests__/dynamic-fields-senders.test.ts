// The sender dropdowns: From (the account's phone numbers and short codes) and Messaging Service, every page read.
import nock from 'nock'
import {
  API,
  MESSAGING,
  NUMBERS_PATH,
  SHORT_CODES_PATH,
  page2010,
  phoneNumber,
  service,
  settings,
  shortCode,
  sid
} from '../../__tests__/__helpers__/twilio-lists'
import { lookup, mock2010List, mockV1List, noShortCodes, values } from './__helpers__/dynamic-field-lookup'
import { useNockedTwilio } from './__helpers__/lookup-environment'

useNockedTwilio()

describe('fromPhoneNumber', () => {
  it('lists a 2,500-number account completely in 3 requests (1000/1000/500) plus short codes', async () => {
    const numbers = Array.from({ length: 2500 }, (_, i) => phoneNumber(i))
    const scope = mock2010List(NUMBERS_PATH, 'incoming_phone_numbers', numbers)
    mock2010List(SHORT_CODES_PATH, 'short_codes', [shortCode(1), shortCode(2)])
    const response = await lookup('fromPhoneNumber', { channel: 'SMS' })
    expect(response.error).toBeUndefined()
    expect(response.choices).toHaveLength(2502)
    expect(values(response).slice(0, 2)).toEqual(['+14150000000', '+14150000001'])
    expect(values(response)).toContain('+14150002499')
    expect(values(response).slice(-2)).toEqual(['50001', '50002'])
    expect(response.choices[0]).toEqual({
      label: '+14150000000 (Line 0)',
      value: '+14150000000',
      description: 'Phone number · SMS, MMS, Voice'
    })
    expect(response.choices[2500].description).toBe('Short code · SMS, MMS')
    expect(scope.isDone()).toBe(true)
  })

  it('reads a single page over 300 KB (skipResponseCloning)', async () => {
    const numbers = Array.from({ length: 1000 }, (_, i) =>
      phoneNumber(i, { friendlyName: (n) => `Store ${n} ${'long friendly name '.repeat(18)}` })
    )
    const body = page2010('incoming_phone_numbers', NUMBERS_PATH, numbers, 0, 1000, true)
    expect(JSON.stringify(body).length).toBeGreaterThan(300_000)
    nock(API).get(NUMBERS_PATH).query({ PageSize: '1000' }).reply(200, body)
    noShortCodes()
    const response = await lookup('fromPhoneNumber', { channel: 'SMS' })
    expect(response.error).toBeUndefined()
    expect(response.choices).toHaveLength(1000)
  })

  it('reads capability keys in either case and keeps only numbers that can send on the channel', async () => {
    const numbers = [
      phoneNumber(1, { capabilities: { voice: true, sms: true, mms: false } }),
      phoneNumber(2, { capabilities: { Voice: true, SMS: true, MMS: true } }),
      phoneNumber(3, { capabilities: { voice: true, SMS: false, MMS: false } }),
      phoneNumber(4, { capabilities: { MMS: true } })
    ]
    mock2010List(NUMBERS_PATH, 'incoming_phone_numbers', numbers)
    noShortCodes()
    const sms = await lookup('fromPhoneNumber', { channel: 'SMS' })
    expect(values(sms)).toEqual(['+14150000001', '+14150000002'])
    expect(sms.choices[1].description).toBe('Phone number · SMS, MMS, Voice')

    mock2010List(NUMBERS_PATH, 'incoming_phone_numbers', numbers)
    mock2010List(SHORT_CODES_PATH, 'short_codes', [shortCode(7)])
    expect(values(await lookup('fromPhoneNumber', { channel: 'mms' }))).toEqual([
      '+14150000002',
      '+14150000004',
      '50007'
    ])
  })

  it("does not repeat Twilio's default friendly name (the formatted number) in the label", async () => {
    mock2010List(NUMBERS_PATH, 'incoming_phone_numbers', [
      phoneNumber(1, { friendlyName: () => '(415) 000-0001' }),
      phoneNumber(2, { friendlyName: () => '' }),
      phoneNumber(3, { friendlyName: () => 'Support  line\n2' })
    ])
    noShortCodes()
    const response = await lookup('fromPhoneNumber', { channel: 'SMS' })
    expect(response.choices.map((c) => c.label)).toEqual([
      '+14150000001',
      '+14150000002',
      '+14150000003 (Support line 2)'
    ])
  })

  it.each([
    ['RCS', 'TYPE_SENDER', /no list of RCS senders here\. RCS messages are sent through a Messaging Service/],
    ['Messenger', 'SENDER_TYPE_MISMATCH', /Facebook Page ID/]
  ])('%s: no list, an error that says what to do (no request)', async (channel, code, message) => {
    const response = await lookup('fromPhoneNumber', { channel })
    expect(response.choices).toEqual([])
    expect(response.error?.code).toBe(code)
    expect(response.error?.message).toMatch(message)
  })

  it('empty account', async () => {
    mock2010List(NUMBERS_PATH, 'incoming_phone_numbers', [])
    noShortCodes()
    const response = await lookup('fromPhoneNumber', { channel: 'SMS' })
    expect(response.error?.code).toBe('EMPTY_ACCOUNT')
    expect(response.error?.message).toMatch(/No phone numbers or short codes in this Twilio account/)
  })

  it('numbers that cannot send on the channel', async () => {
    mock2010List(NUMBERS_PATH, 'incoming_phone_numbers', [phoneNumber(1, { capabilities: { voice: true } })])
    noShortCodes()
    const response = await lookup('fromPhoneNumber', { channel: 'SMS' })
    expect(response.error?.code).toBe('NO_CAPABLE_SENDER')
  })

  it('malformed settings: an error and no request', async () => {
    const response = await lookup(
      'fromPhoneNumber',
      { channel: 'SMS' },
      { settings: { ...settings, accountSID: '../x' } }
    )
    expect(response.error?.code).toBe('INVALID_SETTINGS')
    expect(response.error?.message).toMatch(/Account SID/)
    const key = await lookup('fromPhoneNumber', { channel: 'SMS' }, { settings: { ...settings, apiKeySID: 'nope' } })
    expect(key.error?.code).toBe('INVALID_SETTINGS')
  })
})

describe('messagingServiceSid', () => {
  it('lists every service over several v1 pages, label and value "Friendly Name [MG…]"', async () => {
    const services = Array.from({ length: 2300 }, (_, i) => service(i, `Service ${String(i).padStart(4, '0')}`))
    const scope = mockV1List(MESSAGING, '/v1/Services', 'services', services, 1000)
    const response = await lookup('messagingServiceSid', { channel: 'SMS' })
    expect(response.error).toBeUndefined()
    expect(response.choices).toHaveLength(2300)
    expect(response.choices[0]).toEqual({
      label: `Service 0000 [${sid('MG', 0)}]`,
      value: `Service 0000 [${sid('MG', 0)}]`,
      description: 'Messaging Service'
    })
    expect(scope.isDone()).toBe(true)
  })

  it('keeps names with brackets readable by extractSid and names nameless services by SID', async () => {
    mockV1List(MESSAGING, '/v1/Services', 'services', [service(1, 'Promo [EU]'), service(2, '')], 1000)
    const response = await lookup('messagingServiceSid', {})
    expect(values(response)).toEqual([`${sid('MG', 2)} [${sid('MG', 2)}]`, `Promo [EU] [${sid('MG', 1)}]`])
  })

  it('empty account', async () => {
    mockV1List(MESSAGING, '/v1/Services', 'services', [], 1000)
    const response = await lookup('messagingServiceSid', {})
    expect(response.error).toEqual({
      code: 'EMPTY_ACCOUNT',
      message: expect.stringMatching(/^No Messaging Services in this account: create one in the Twilio Console/)
    })
  })

  it('never follows a next-page link to another host (credentials stay with Twilio)', async () => {
    nock(MESSAGING)
      .get('/v1/Services')
      .query({ PageSize: '1000' })
      .reply(200, {
        services: [service(1)],
        meta: { next_page_url: 'https://attacker.example/v1/Services?PageSize=1000&Page=1&PageToken=PT1' }
      })
      .get('/v1/Services')
      .query({ PageSize: '1000', Page: '1', PageToken: 'PT1' })
      .reply(200, { services: [service(2)], meta: { next_page_url: null } })
    expect(values(await lookup('messagingServiceSid', {}))).toHaveLength(2)
  })

  it('stops at the page cap and says so', async () => {
    // A server whose every page links to a new next page.
    nock(MESSAGING)
      .get('/v1/Services')
      .query(true)
      .times(20)
      .reply((uri) => {
        const page = Number(new URL(uri, MESSAGING).searchParams.get('Page') ?? 0)
        return [
          200,
          {
            services: [service(page)],
            meta: { next_page_url: `${MESSAGING}/v1/Services?PageSize=1000&Page=${page + 1}` }
          }
        ]
      })
    const response = await lookup('messagingServiceSid', {})
    expect(response.choices).toHaveLength(20)
    expect(response.error?.code).toBe('LIST_TRUNCATED')
    expect(response.error?.message).toMatch(/type the SID/)
  })
})
