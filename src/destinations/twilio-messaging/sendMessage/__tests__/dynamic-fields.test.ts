import nock from 'nock'
import { RequestTimeoutError, createTestIntegration } from '@segment/actions-core'
import type { DynamicFieldResponse } from '@segment/actions-core'
import destination from '../..'
import { dynamicFields } from '../dynamic-fields'
import {
  CONTENT_TEMPLATE_TYPES,
  TWILIO_BASE_URL_ENV,
  describeLookupFailure,
  templateTypesForChannel
} from '../../twilio'
import type { Channel } from '../../twilio'
import {
  ACCOUNT_SID,
  API,
  API_KEY_SECRET,
  API_KEY_SID,
  CONTENT,
  MESSAGING,
  NUMBERS_PATH,
  SHORT_CODES_PATH,
  TYPE_BODIES,
  page2010,
  pageV1,
  phoneNumber,
  service,
  settings,
  shortCode,
  sid,
  template
} from '../../__tests__/__helpers__/twilio-lists'
import { useNockedTwilio } from './__helpers__/lookup-environment'

const testDestination = createTestIntegration(destination)
const BASIC = `Basic ${Buffer.from(`${API_KEY_SID}:${API_KEY_SECRET}`).toString('base64')}`

async function lookup(
  field: string,
  payload: Record<string, unknown> = {},
  extra: { settings?: Record<string, string> } = {}
): Promise<DynamicFieldResponse> {
  const response = await testDestination.testDynamicField('sendMessage', field, {
    settings: (extra.settings ?? settings) as typeof settings,
    payload
  })
  return response as DynamicFieldResponse
}

const values = (response: DynamicFieldResponse) => response.choices.map((choice) => choice.value)

useNockedTwilio()

/** Replies with a 2010 list split in pages of `pageSize`, following next_page_uri. */
function mock2010List<T>(path: string, key: string, items: T[], pageSize = 1000) {
  const scope = nock(API, { reqheaders: { authorization: BASIC } })
  const pages = Math.max(1, Math.ceil(items.length / pageSize))
  for (let page = 0; page < pages; page++) {
    const query: Record<string, string> =
      page === 0
        ? { PageSize: String(pageSize) }
        : { PageSize: String(pageSize), Page: String(page), PageToken: `PA${page}` }
    scope
      .get(path)
      .query(query)
      .reply(
        200,
        page2010(key, path, items.slice(page * pageSize, (page + 1) * pageSize), page, pageSize, page === pages - 1)
      )
  }
  return scope
}

/** Replies with a v1 list split in pages of `pageSize`, following meta.next_page_url. */
function mockV1List<T>(base: string, path: string, key: string, items: T[], pageSize: number) {
  const scope = nock(base, { reqheaders: { authorization: BASIC } })
  const pages = Math.max(1, Math.ceil(items.length / pageSize))
  for (let page = 0; page < pages; page++) {
    const query: Record<string, string> =
      page === 0
        ? { PageSize: String(pageSize) }
        : { PageSize: String(pageSize), Page: String(page), PageToken: `PT${page}` }
    scope
      .get(path)
      .query(query)
      .reply(
        200,
        pageV1(key, base, path, items.slice(page * pageSize, (page + 1) * pageSize), page, pageSize, page === pages - 1)
      )
  }
  return scope
}

const noShortCodes = () => mock2010List(SHORT_CODES_PATH, 'short_codes', [])

// ---------------------------------------------------------------------------------------------------------------

describe('channel', () => {
  it('lists the five channels with readable labels, no request', async () => {
    const response = await lookup('channel')
    expect(values(response)).toEqual(['SMS', 'MMS', 'Whatsapp', 'RCS', 'Messenger'])
    expect(response.choices.find((c) => c.value === 'Messenger')?.label).toBe('Facebook Messenger')
    expect(response.error).toBeUndefined()
  })
})

describe('senderType', () => {
  it.each([
    ['SMS', ['Phone number', 'Messaging Service']],
    ['MMS', ['Phone number', 'Messaging Service']],
    ['Whatsapp', ['Phone number', 'Messaging Service']],
    ['Whatsapp', ['Phone number', 'Messaging Service']],
    ['rcs', ['Messaging Service']],
    ['Messenger', ['Facebook Page ID']]
  ])('channel %s offers %j', async (channel, expected) => {
    expect(values(await lookup('senderType', { channel }))).toEqual(expected)
  })

  it('asks for the channel first', async () => {
    const response = await lookup('senderType', {})
    expect(response.choices).toEqual([])
    expect(response.error?.code).toBe('CHANNEL_REQUIRED')
    expect(response.error?.message).toMatch(/Pick the Channel first/)
    expect((await lookup('senderType', { channel: 'Telegram' })).error?.code).toBe('CHANNEL_REQUIRED')
  })
})

describe('contentTemplateType', () => {
  it.each(['SMS', 'MMS', 'Whatsapp', 'RCS', 'Messenger'] as Channel[])('%s: Inline plus its types', async (channel) => {
    const response = await lookup('contentTemplateType', { channel: channel.toLowerCase() })
    expect(values(response)).toEqual(['Inline', ...templateTypesForChannel(channel).map((type) => type.name)])
  })

  it('SMS offers Text only; WhatsApp offers Catalog and Carousel as separate types', async () => {
    expect(values(await lookup('contentTemplateType', { channel: 'SMS' }))).toEqual(['Inline', 'Text'])
    const whatsapp = values(await lookup('contentTemplateType', { channel: 'Whatsapp' }))
    expect(whatsapp).toEqual(expect.arrayContaining(['Carousel', 'Catalog', 'WhatsApp Authentication']))
  })

  it('asks for the channel first', async () => {
    expect((await lookup('contentTemplateType', {})).error?.code).toBe('CHANNEL_REQUIRED')
  })
})

// ---------------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------------

describe('contentSid', () => {
  const everyType = CONTENT_TEMPLATE_TYPES.map((type, i) =>
    template(i + 1, { [type.twilioType]: TYPE_BODIES[type.twilioType] }, { name: `${type.name} template` })
  )
  const pairs = (['SMS', 'MMS', 'RCS', 'Messenger', 'Whatsapp'] as Channel[]).flatMap((channel) =>
    templateTypesForChannel(channel).map((type) => [channel, type.name, type.twilioType] as const)
  )

  it.each(pairs)('%s / %s lists exactly the %s templates', async (channel, typeName, twilioType) => {
    const whatsapp = channel === 'Whatsapp'
    const items = whatsapp
      ? everyType.map((item) => ({ ...item, approval_requests: { status: 'approved' } }))
      : everyType
    mockV1List(CONTENT, whatsapp ? '/v1/ContentAndApprovals' : '/v1/Content', 'contents', items, whatsapp ? 500 : 1000)
    const response = await lookup('contentSid', { channel, contentTemplateType: typeName })
    expect(response.error).toBeUndefined()
    const index = CONTENT_TEMPLATE_TYPES.findIndex((type) => type.twilioType === twilioType)
    expect(values(response)).toEqual([`${typeName} template [${sid('HX', index + 1)}]`])
  })

  it('Carousel is twilio/carousel, not the catalog', async () => {
    mockV1List(CONTENT, '/v1/ContentAndApprovals', 'contents', everyType, 500)
    const response = await lookup('contentSid', { channel: 'whatsapp', contentTemplateType: 'carousel' })
    expect(response.choices.map((c) => c.label)).toEqual([expect.stringMatching(/^Carousel template \[HX/)])
  })

  it('a type the channel does not support: an error and no request', async () => {
    const response = await lookup('contentSid', { channel: 'SMS', contentTemplateType: 'Carousel' })
    expect(response.error?.code).toBe('TEMPLATE_TYPE_UNSUPPORTED')
    expect((await lookup('contentSid', { channel: 'SMS', contentTemplateType: 'Inline' })).error?.code).toBe(
      'TEMPLATE_TYPE_INLINE'
    )
    expect((await lookup('contentSid', { channel: 'SMS' })).error?.code).toBe('TEMPLATE_TYPE_REQUIRED')
  })

  it('WhatsApp: approval status in the description, approved first, both approval shapes, 500 per page', async () => {
    const text = { 'twilio/text': { body: 'Hi {{1}}' } }
    const items = [
      template(1, text, { name: 'Alpha', approval: { status: 'rejected', name: 'alpha' } }),
      template(2, text, { name: 'Bravo', approval: { whatsapp: { status: 'approved', name: 'bravo' } } }),
      template(3, text, { name: 'Charlie', approval: { status: 'pending' } }),
      template(4, text, { name: 'Delta', approval: { status: 'unsubmitted' } }),
      template(5, text, { name: 'Echo', approval: { status: 'APPROVED' } }),
      template(6, text, { name: 'Foxtrot' }),
      template(7, text, { name: 'Golf', approval: { whatsapp: { status: 'paused' } } })
    ]
    // 7 templates over pages of 500 would be one page: spread them over three to prove pagination too.
    const filler = Array.from({ length: 1000 }, (_, i) =>
      template(100 + i, { 'twilio/media': { body: 'x', media: ['https://x.example/a.png'] } })
    )
    mockV1List(
      CONTENT,
      '/v1/ContentAndApprovals',
      'contents',
      [...filler.slice(0, 499), ...items, ...filler.slice(499)],
      500
    )
    const response = await lookup('contentSid', { channel: 'Whatsapp', contentTemplateType: 'Text' })
    expect(response.choices.map((c) => c.label.replace(/ \[.*$/, ''))).toEqual([
      'Bravo',
      'Echo',
      'Charlie',
      'Delta',
      'Golf',
      'Alpha',
      'Foxtrot'
    ])
    const description = (name: string) => response.choices.find((c) => c.label.startsWith(name))?.description
    expect(description('Bravo')).toBe('Text · approved for WhatsApp · language en')
    expect(description('Alpha')).toBe('Text · rejected by WhatsApp · language en')
    expect(description('Charlie')).toMatch(/pending/)
    expect(description('Foxtrot')).toMatch(/no WhatsApp approval data/)
    for (const choice of response.choices) expect(choice.label).toBe(choice.value)
  })

  it('reads plain Content for other channels, all pages', async () => {
    const items = Array.from({ length: 1200 }, (_, i) => template(i, { 'twilio/text': { body: `Hello ${i}` } }))
    mockV1List(CONTENT, '/v1/Content', 'contents', items, 1000)
    const response = await lookup('contentSid', { channel: 'SMS', contentTemplateType: 'Text' })
    expect(response.choices).toHaveLength(1200)
    expect(response.choices[0].description).toBe('Text · language en')
  })

  it('empty account and no template of the type', async () => {
    mockV1List(CONTENT, '/v1/Content', 'contents', [], 1000)
    expect((await lookup('contentSid', { channel: 'RCS', contentTemplateType: 'Card' })).error?.code).toBe(
      'EMPTY_ACCOUNT'
    )
    mockV1List(CONTENT, '/v1/Content', 'contents', [template(1, { 'twilio/text': { body: 'x' } })], 1000)
    const response = await lookup('contentSid', { channel: 'RCS', contentTemplateType: 'Card' })
    expect(response.error?.code).toBe('NO_MATCHING_TEMPLATES')
    expect(response.error?.message).toMatch(/twilio\/card/)
  })
})

// ---------------------------------------------------------------------------------------------------------------

describe('contentVariables.__keys__', () => {
  const HX = sid('HX', 42)

  it('lists each variable once (variables and placeholders in every type), minus those already mapped', async () => {
    nock(CONTENT)
      .get(`/v1/Content/${HX}`)
      .times(2)
      .reply(
        200,
        template(
          42,
          {
            'twilio/text': { body: 'Hi {{1}}, {{1}} again, {{ 2 }} and {{name}}' },
            'twilio/card': {
              title: '{{name}}',
              subtitle: 'Order {{10}}',
              actions: [{ url: 'https://x.example/{{2}}' }]
            }
          },
          { variables: { '1': 'Customer', '3': 'default three' } }
        )
      )
    const all = await lookup('contentVariables.__keys__', { contentSid: `Welcome [${HX}]` })
    expect(values(all)).toEqual(['1', '2', '3', '10', 'name'])
    expect(all.choices[0].description).toBe('Template default: Customer')

    const rest = await lookup('contentVariables.__keys__', {
      contentSid: HX,
      contentVariables: { '1': 'x', name: 'y' }
    })
    expect(values(rest)).toEqual(['2', '3', '10'])
  })

  it('a template without variables says so', async () => {
    nock(CONTENT)
      .get(`/v1/Content/${HX}`)
      .reply(200, template(42, { 'twilio/text': { body: 'Plain' } }))
    expect((await lookup('contentVariables.__keys__', { contentSid: HX })).error?.code).toBe('NO_VARIABLES')
  })

  it('asks for the template first', async () => {
    expect((await lookup('contentVariables.__keys__', {})).error?.code).toBe('CONTENT_SID_REQUIRED')
  })

  it.each([
    '../../2010-04-01/Accounts/' + ACCOUNT_SID + '/Messages.json',
    `Welcome [../../v1/Services]`,
    `${HX}/../../v1/Services`,
    `${HX}?PageSize=1`,
    '%2e%2e%2fv1%2fContent',
    `HX${'g'.repeat(32)}`,
    HX.slice(0, -1)
  ])('path injection %j: an error response and no request', async (contentSid) => {
    const trap = nock(/.*/).get(/.*/).reply(200, {})
    const response = await lookup('contentVariables.__keys__', { contentSid })
    expect(response.choices).toEqual([])
    expect(response.error?.code).toBe('INVALID_SID')
    expect(trap.isDone()).toBe(false)
    nock.cleanAll()
  })
})

// ---------------------------------------------------------------------------------------------------------------

describe('failures never throw', () => {
  const twilioError = (status: number, code: number, message: string) => ({
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status
  })

  const lookups: Array<[string, string, Record<string, unknown>, () => nock.Interceptor]> = [
    ['fromPhoneNumber', 'phone numbers', { channel: 'SMS' }, () => nock(API).get(NUMBERS_PATH).query(true)],
    ['messagingServiceSid', 'services', {}, () => nock(MESSAGING).get('/v1/Services').query(true)],
    [
      'contentSid',
      'templates',
      { channel: 'Whatsapp', contentTemplateType: 'Text' },
      () => nock(CONTENT).get('/v1/ContentAndApprovals').query(true)
    ],
    [
      'contentVariables.__keys__',
      'one template',
      { contentSid: sid('HX', 9) },
      () => nock(CONTENT).get(`/v1/Content/${sid('HX', 9)}`)
    ]
  ]

  const shortCodesIfNeeded = (field: string) => {
    // fromPhoneNumber reads short codes in parallel; let that side succeed (or not be needed).
    if (field === 'fromPhoneNumber')
      nock(API)
        .get(SHORT_CODES_PATH)
        .query(true)
        .optionally()
        .reply(200, page2010('short_codes', SHORT_CODES_PATH, [], 0, 1000, true))
  }

  describe.each(lookups)('%s (%s)', (field, _what, payload, interceptor) => {
    it.each([
      [
        401,
        20003,
        'TWILIO_AUTH',
        /^Twilio rejected the API key: check the Account SID, API Key SID and API Key Secret/
      ],
      [403, 20003, 'TWILIO_AUTH', /Twilio rejected the API key.*\(Twilio error 20003\)\.$/],
      [404, 20404, 'TWILIO_NOT_FOUND', /could not find.*Twilio error 20404/],
      [429, 20429, 'TWILIO_RATE_LIMITED', /^Twilio is rate limiting this account: try again in a minute/],
      [500, 20500, 'TWILIO_UNAVAILABLE', /HTTP 500.*try again in a few minutes/],
      [503, 20503, 'TWILIO_UNAVAILABLE', /HTTP 503/],
      [400, 20001, 'TWILIO_20001', /Twilio error 20001: Bad thing/]
    ])('HTTP %i (Twilio %i) -> %s', async (status, code, expectedCode, message) => {
      shortCodesIfNeeded(field)
      interceptor().reply(status, twilioError(status, code, code === 20001 ? 'Bad thing' : 'Twilio says no'))
      const response = await lookup(field, payload)
      expect(response.choices).toEqual([])
      expect(response.error?.code).toBe(expectedCode)
      expect(response.error?.message).toMatch(message)
    })

    it('HTTP 502 with an HTML body', async () => {
      shortCodesIfNeeded(field)
      interceptor().reply(502, '<html>Bad gateway</html>', { 'Content-Type': 'text/html' })
      const response = await lookup(field, payload)
      expect(response.error?.code).toBe('TWILIO_UNAVAILABLE')
    })

    it('malformed JSON', async () => {
      shortCodesIfNeeded(field)
      interceptor().reply(200, '{"incoming_phone_numbers": [{"sid": "PN', { 'Content-Type': 'application/json' })
      const response = await lookup(field, payload)
      expect(response.choices).toEqual([])
      expect(response.error?.code).toBe('TWILIO_BAD_RESPONSE')
      expect(response.error?.message).toMatch(/unreadable answer/)
    })
  })

  it.each(lookups.map(([field, , payload]) => [field, payload] as const))(
    '%s: malformed settings give INVALID_SETTINGS and make no request',
    async (field, payload) => {
      const trap = nock(/.*/).get(/.*/).reply(200, {})
      for (const bad of [{ accountSID: `${settings.accountSID}/../x` }, { apiKeySID: 'SK123' }, { apiKeySecret: '' }]) {
        const response = await lookup(field, payload, { settings: { ...settings, ...bad } })
        expect(response.error?.code).toBe('INVALID_SETTINGS')
      }
      expect(trap.isDone()).toBe(false)
      nock.cleanAll()
    }
  )

  it('a list that is JSON but not the documented envelope', async () => {
    nock(MESSAGING).get('/v1/Services').query(true).reply(200, { message: 'hello' })
    expect((await lookup('messagingServiceSid', {})).error?.code).toBe('TWILIO_BAD_RESPONSE')
  })

  it('requests that outlive the client timeout (10 s) return TWILIO_TIMEOUT, for every lookup', async () => {
    // One slow answer per lookup, all in parallel, so the suite waits for the client timeout once.
    for (const [field, , , interceptor] of lookups) {
      shortCodesIfNeeded(field)
      interceptor().delay(10_500).reply(200, {})
    }
    const responses = await Promise.all(lookups.map(([field, , payload]) => lookup(field, payload)))
    for (const response of responses) {
      expect(response.choices).toEqual([])
      expect(response.error?.code).toBe('TWILIO_TIMEOUT')
      expect(response.error?.message).toMatch(/took too long/)
    }
  }, 20_000)
})

describe('describeLookupFailure', () => {
  it.each([
    ['RequestTimeoutError', new RequestTimeoutError()],
    ['AbortError', Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })],
    ['a socket timeout', Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })]
  ])('%s is a timeout', (_name, error) => {
    expect(describeLookupFailure(error, 'the phone numbers').code).toBe('TWILIO_TIMEOUT')
  })

  it('anything else is LOOKUP_FAILED with its message', () => {
    expect(describeLookupFailure(new Error('boom'), 'the phone numbers')).toEqual({
      code: 'LOOKUP_FAILED',
      message: 'Could not load the phone numbers from Twilio: boom. Try again in a moment.'
    })
  })
})

describe('emulator override', () => {
  afterEach(() => {
    delete process.env[TWILIO_BASE_URL_ENV]
  })

  it('sends every lookup to TWILIO_MESSAGING_BASE_URL and keeps following pages there', async () => {
    process.env[TWILIO_BASE_URL_ENV] = 'http://localhost:4010/'
    nock('http://localhost:4010')
      .get('/v1/Services')
      .query({ PageSize: '1000' })
      .reply(200, { services: [service(1)], meta: { next_page_url: `${MESSAGING}/v1/Services?Page=1&PageSize=1000` } })
      .get('/v1/Services')
      .query({ Page: '1', PageSize: '1000' })
      .reply(200, { services: [service(2)], meta: { next_page_url: null } })
    expect(values(await lookup('messagingServiceSid', {}))).toHaveLength(2)
  })
})

describe('request options', () => {
  it('every lookup request passes skipResponseCloning: true and GET', async () => {
    const calls: Array<{ url: string; options: Record<string, unknown> }> = []
    const fake = (async (url: string, options: Record<string, unknown>) => {
      calls.push({ url, options })
      const path = new URL(url).pathname
      const data = path.endsWith('IncomingPhoneNumbers.json')
        ? { incoming_phone_numbers: [phoneNumber(1)], next_page_uri: null }
        : path.endsWith('ShortCodes.json')
        ? { short_codes: [], next_page_uri: null }
        : path === '/v1/Services'
        ? { services: [service(1)], meta: { next_page_url: null } }
        : path.startsWith('/v1/Content/')
        ? template(1, { 'twilio/text': { body: '{{1}}' } })
        : { contents: [template(1, { 'twilio/text': { body: '{{1}}' } })], meta: { next_page_url: null } }
      return { status: 200, data, content: JSON.stringify(data) }
    }) as unknown as Parameters<NonNullable<typeof dynamicFields.channel>>[0]
    const run = (fn: unknown, payload: object) =>
      (fn as (r: typeof fake, d: object) => Promise<DynamicFieldResponse>)(fake, { settings, payload })
    const results = await Promise.all([
      run(dynamicFields.fromPhoneNumber, { channel: 'SMS' }),
      run(dynamicFields.messagingServiceSid, {}),
      run(dynamicFields.contentSid, { channel: 'SMS', contentTemplateType: 'Text' }),
      run(dynamicFields.contentSid, { channel: 'Whatsapp', contentTemplateType: 'Text' }),
      run(dynamicFields.contentVariables?.__keys__, { contentSid: sid('HX', 1) })
    ])
    for (const result of results) expect(result.error).toBeUndefined()
    expect(calls).toHaveLength(6)
    for (const call of calls) expect(call.options).toMatchObject({ method: 'GET', skipResponseCloning: true })
    expect(calls.map((call) => new URL(call.url).searchParams.get('PageSize'))).toEqual([
      '1000',
      '1000',
      '1000',
      '1000',
      '500',
      null
    ])
  })
})

describe('listPages', () => {
  it('ends when a next-page link repeats a page already read (not reported as truncated)', async () => {
    nock(MESSAGING)
      .get('/v1/Services')
      .query({ PageSize: '1000' })
      .reply(200, { services: [service(1)], meta: { next_page_url: `${MESSAGING}/v1/Services?PageSize=1000` } })
    const response = await lookup('messagingServiceSid', {})
    expect(response.choices).toHaveLength(1)
    expect(response.error).toBeUndefined()
  })
})
