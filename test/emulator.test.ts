import { DEMO_CREDENTIALS, MAGIC_FROM_OK, createDemoAccount } from '../src/emulator/seed'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { countSegments, validateMessageCreate } from '../src/emulator/validate'
import { apiPath, basicAuth, getJson, sendMessage } from './emulator-helpers'

const NOW = new Date('2025-06-01T12:00:00Z')
const later = (ms: number) => new Date(NOW.getTime() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const MINUTE = 60 * 1000
const DAY = 24 * 60 * MINUTE

const account = createDemoAccount()
const [MARKETING, NOTIFICATIONS] = account.services.map((service) => service.sid)
const contentSid = (name: string) => account.contents.find((content) => content.friendlyName === name)!.sid
const MAIN = '+14155550100'
const TO = '+14155551212'

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({ clock: () => NOW })
})

afterAll(async () => {
  await emulator.close()
})

beforeEach(() => {
  emulator.reset()
  emulator.setFaults({ latencyMs: 0, latencyJitterMs: 0, rate429: 0, rate5xx: 0, rateDrop: 0 })
})

describe('authentication', () => {
  it('accepts the API key and answers the credential check', async () => {
    const response = await getJson(emulator, `${apiPath()}/IncomingPhoneNumbers.json?PageSize=1`)
    expect(response.status).toBe(200)
  })

  it.each([
    ['wrong secret', basicAuth(DEMO_CREDENTIALS.apiKeySid, 'wrong')],
    ['unknown key', basicAuth('SK00000000000000000000000000000000', DEMO_CREDENTIALS.apiKeySecret)],
    ['missing header', ''],
    ['not Basic', 'Bearer abc']
  ])('answers 401 / 20003 for %s', async (_name, auth) => {
    const response = await getJson(emulator, `${apiPath()}/IncomingPhoneNumbers.json`, auth)
    expect(response.status).toBe(401)
    expect(response.body).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401
    })
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/)
    expect(emulator.state.counters.unauthorized).toBe(1)
  })

  it("answers 401 / 20003 for another account's path", async () => {
    const response = await getJson(emulator, `${apiPath('AC00000000000000000000000000000000')}/Messages.json`)
    expect(response.status).toBe(401)
    expect(response.body.code).toBe(20003)
  })

  it('refuses the Account resource to an API key, as Twilio does for a Standard key', async () => {
    const response = await getJson(emulator, `${apiPath()}.json`)
    expect(response.status).toBe(401)
    expect(response.body.code).toBe(20003)
  })

  it('serves the Account resource to Account SID + auth token', async () => {
    const auth = basicAuth(DEMO_CREDENTIALS.accountSid, DEMO_CREDENTIALS.authToken)
    const response = await getJson(emulator, `${apiPath()}.json`, auth)
    expect(response.status).toBe(200)
    expect(response.body.sid).toBe(DEMO_CREDENTIALS.accountSid)
  })

  it('answers an unknown route with 404 / 20404 in Twilio shape', async () => {
    const response = await getJson(emulator, '/2010-04-01/Nope.json')
    expect(response.status).toBe(404)
    expect(response.body).toEqual({
      code: 20404,
      message: 'The requested resource /2010-04-01/Nope.json was not found',
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404
    })
  })
})

describe('Messages create: validation', () => {
  const ok = { To: TO, From: MAIN, Body: 'Hello' }
  const cases: [string, Record<string, string | string[]>, number, number?][] = [
    ['missing To', { From: MAIN, Body: 'x' }, 21604],
    ['neither From nor MessagingServiceSid', { To: TO, Body: 'x' }, 21603],
    ['no Body, MediaUrl or ContentSid', { To: TO, From: MAIN }, 21602],
    ['empty Body', { ...ok, Body: '' }, 21602],
    ['Body over 1600 characters', { ...ok, Body: 'a'.repeat(1601) }, 21617],
    ['11 media URLs', { ...ok, MediaUrl: Array.from({ length: 11 }, (_, i) => `https://x.example/${i}.jpg`) }, 21623],
    ['a media URL that is not http(s)', { ...ok, MediaUrl: 'ftp://x.example/a.jpg' }, 21620],
    ['a malformed MessagingServiceSid', { To: TO, MessagingServiceSid: 'MG123', Body: 'x' }, 21705],
    ['an unknown Messaging Service', { To: TO, MessagingServiceSid: `MG${'0'.repeat(32)}`, Body: 'x' }, 21701],
    ['a malformed ContentSid', { To: TO, From: MAIN, ContentSid: 'HXnope' }, 21655],
    ['an unknown ContentSid', { To: TO, From: MAIN, ContentSid: `HX${'0'.repeat(32)}` }, 21655],
    [
      'ContentVariables that are not JSON',
      { ...ok, ContentSid: contentSid('order_confirmation'), ContentVariables: '{' },
      21656
    ],
    [
      'ContentVariables that are an array',
      { ...ok, ContentSid: contentSid('order_confirmation'), ContentVariables: '[]' },
      21656
    ],
    ['an empty variable', { ...ok, ContentSid: contentSid('order_confirmation'), ContentVariables: '{"1":""}' }, 21656],
    ['a number variable', { ...ok, ContentSid: contentSid('order_confirmation'), ContentVariables: '{"1":5}' }, 21656],
    [
      '101 variables',
      {
        ...ok,
        ContentSid: contentSid('order_confirmation'),
        ContentVariables: JSON.stringify(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [String(i), 'v'])))
      },
      21656
    ],
    ['To that is not E.164', { ...ok, To: '4155551212' }, 21211],
    ['a 5-digit short code as To', { ...ok, To: '89757' }, 21265],
    ['a 6-digit short code as To', { ...ok, To: '123456' }, 21265],
    ['a WhatsApp To that is not E.164', { ...ok, To: 'whatsapp:12', From: 'whatsapp:+14155550123' }, 21211],
    ['From that is not an address', { ...ok, From: '+1 (415) !!' }, 21212],
    ['From that is not in the account', { ...ok, From: '+14155559999' }, 21606],
    ['a voice-only From', { ...ok, From: '+14155550102' }, 21606],
    ['media from an SMS-only number', { ...ok, From: '+14155550101', MediaUrl: 'https://x.example/a.jpg' }, 21606],
    ['a short code not in the account', { ...ok, From: '12345' }, 21606],
    ['whatsapp: To with a plain From', { ...ok, To: `whatsapp:${TO}` }, 21910],
    ['plain To with a whatsapp: From', { ...ok, From: 'whatsapp:+14155550123' }, 21910],
    ['an unregistered WhatsApp sender', { ...ok, To: `whatsapp:${TO}`, From: 'whatsapp:+14155550100' }, 63007],
    ['To equal to From', { ...ok, To: MAIN }, 21266],
    ['SendAt without a Messaging Service', { ...ok, SendAt: later(DAY), ScheduleType: 'fixed' }, 35118],
    [
      'ScheduleType fixed without SendAt',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed' },
      35111
    ],
    [
      'ScheduleType other than fixed',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'later', SendAt: later(DAY) },
      35126
    ],
    ['SendAt without ScheduleType', { To: TO, MessagingServiceSid: MARKETING, Body: 'x', SendAt: later(DAY) }, 35126],
    [
      'SendAt 10 minutes ahead (under the 15-minute minimum)',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed', SendAt: later(10 * MINUTE) },
      35114
    ],
    [
      'SendAt 14 minutes 59 s ahead',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed', SendAt: later(15 * MINUTE - 1000) },
      35114
    ],
    [
      'SendAt 35 days and 1 s ahead',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed', SendAt: later(35 * DAY + 1000) },
      35115
    ],
    [
      'SendAt in the past',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed', SendAt: later(-DAY) },
      35114
    ],
    [
      'SendAt not ISO-8601',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed', SendAt: 'tomorrow' },
      35114
    ],
    ['ValidityPeriod 0', { ...ok, ValidityPeriod: '0' }, 90007],
    ['ValidityPeriod 36001', { ...ok, ValidityPeriod: '36001' }, 90007],
    ['ValidityPeriod not a number', { ...ok, ValidityPeriod: 'soon' }, 90007],
    ['a relative StatusCallback', { ...ok, StatusCallback: '/status' }, 21609],
    ['a StatusCallback host with an underscore', { ...ok, StatusCallback: 'https://my_host.example/s' }, 21609],
    // Magic numbers of the test credentials.
    ['magic From +15005550001', { ...ok, From: '+15005550001' }, 21212],
    ['magic From +15005550007', { ...ok, From: '+15005550007' }, 21606],
    ['magic From +15005550008', { ...ok, From: '+15005550008' }, 21611],
    ['magic To +15005550001', { ...ok, To: '+15005550001' }, 21211],
    ['magic To +15005550002', { ...ok, To: '+15005550002' }, 21612],
    ['magic To +15005550003', { ...ok, To: '+15005550003' }, 21408],
    ['magic To +15005550004', { ...ok, To: '+15005550004' }, 21610],
    ['magic To +15005550009', { ...ok, To: '+15005550009' }, 21614]
  ]

  it.each(cases)('rejects %s', async (_name, input, code, status = 400) => {
    const response = await sendMessage(emulator, input)
    expect(response.body).toEqual({
      code,
      message: expect.any(String),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status
    })
    expect(response.status).toBe(status)
    expect(emulator.state.counters.rejected).toBe(1)
    expect(emulator.state.counters.accepted).toBe(0)
    expect(emulator.state.messages).toHaveLength(0)
  })

  it('treats a body that is not form-encoded as empty (missing To)', async () => {
    const response = await fetch(`${emulator.url}${apiPath()}/Messages.json`, {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ To: TO, From: MAIN, Body: 'x' })
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { code: number }).code).toBe(21604)
  })
})

describe('Messages create: success', () => {
  it('answers 201 with a queued SM message when From is given', async () => {
    const response = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'Hello there', Tags: '{"a":"b"}' })
    expect(response.status).toBe(201)
    const body = response.body
    expect(body.sid).toMatch(/^SM[0-9a-f]{32}$/)
    expect(body).toMatchObject({
      account_sid: DEMO_CREDENTIALS.accountSid,
      api_version: '2010-04-01',
      body: 'Hello there',
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: MAIN,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: '1',
      price: null,
      status: 'queued',
      to: TO,
      date_created: 'Sun, 01 Jun 2025 12:00:00 +0000',
      uri: `${apiPath()}/Messages/${body.sid}.json`
    })
    expect(emulator.state.counters.accepted).toBe(1)
    expect(emulator.state.messages[0]).toMatchObject({ sid: body.sid, tags: '{"a":"b"}' })
  })

  it('answers MM and num_media for media, repeated MediaUrl keys becoming a list', async () => {
    const media = ['https://x.example/a.jpg', 'https://x.example/b.jpg']
    const response = await sendMessage(emulator, { To: TO, From: MAIN, MediaUrl: media })
    expect(response.status).toBe(201)
    expect(response.body.sid).toMatch(/^MM[0-9a-f]{32}$/)
    expect(response.body.num_media).toBe('2')
    expect(emulator.state.messages[0].mediaUrls).toEqual(media)
  })

  it('answers accepted through a Messaging Service, with from null and num_segments "0"', async () => {
    const response = await sendMessage(emulator, { To: TO, MessagingServiceSid: MARKETING, Body: 'Hi' })
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({
      status: 'accepted',
      from: null,
      messaging_service_sid: MARKETING,
      num_segments: '0'
    })
  })

  it.each([
    ['exactly 15 minutes', 15 * MINUTE],
    ['exactly 35 days', 35 * DAY]
  ])('answers scheduled for SendAt %s ahead', async (_name, ahead) => {
    const response = await sendMessage(emulator, {
      To: TO,
      MessagingServiceSid: MARKETING,
      Body: 'Later',
      ScheduleType: 'fixed',
      SendAt: later(ahead)
    })
    expect(response.status).toBe(201)
    expect(response.body.status).toBe('scheduled')
    expect(emulator.state.messages[0].sendAt).toBe(later(ahead))
  })

  it.each([
    ['160 GSM-7 characters', 'a'.repeat(160), 1],
    ['161 GSM-7 characters', 'a'.repeat(161), 2],
    ['306 GSM-7 characters', 'a'.repeat(306), 2],
    ['80 extension characters (2 septets each)', '€'.repeat(80), 1],
    ['81 extension characters', '€'.repeat(81), 2],
    ['70 UCS-2 characters', 'ж'.repeat(70), 1],
    ['71 UCS-2 characters', 'ж'.repeat(71), 2],
    ['one emoji among GSM text', `${'a'.repeat(69)}👍`, 2]
  ])('counts segments for %s', async (_name, body, segments) => {
    const response = await sendMessage(emulator, { To: TO, From: MAIN, Body: body })
    expect(response.status).toBe(201)
    expect(response.body.num_segments).toBe(String(segments))
  })

  it('renders a content template with variables and defaults', async () => {
    const response = await sendMessage(emulator, {
      To: TO,
      From: MAIN,
      ContentSid: contentSid('order_confirmation'),
      ContentVariables: '{"1":"Ada"}'
    })
    expect(response.status).toBe(201)
    expect(response.body.body).toBe('Hi Ada, your order is confirmed. Reply STOP to opt out.')
    expect(emulator.state.messages[0]).toMatchObject({ contentVariables: { 1: 'Ada' } })
  })

  it.each([
    ['the magic From number', { To: TO, From: MAGIC_FROM_OK, Body: 'x' }],
    ['a short code of the account', { To: TO, From: '89757', Body: 'x' }],
    ['an alphanumeric sender ID', { To: TO, From: 'ACME Shop', Body: 'x' }],
    ['a number with upper-case capability keys', { To: TO, From: '+442071838750', Body: 'x' }],
    ['WhatsApp on both sides', { To: `whatsapp:${TO}`, From: 'whatsapp:+14155550123', Body: 'x' }],
    ['Messenger on both sides', { To: 'messenger:2345678901', From: 'messenger:101234567890123', Body: 'x' }],
    ['RCS through a Messaging Service', { To: `rcs:${TO}`, MessagingServiceSid: MARKETING, Body: 'x' }],
    ['WhatsApp through a Messaging Service', { To: `whatsapp:${TO}`, MessagingServiceSid: NOTIFICATIONS, Body: 'x' }],
    [
      'ValidityPeriod 36000 and a StatusCallback',
      { To: TO, From: MAIN, Body: 'x', ValidityPeriod: '36000', StatusCallback: 'https://hooks.example/s' }
    ],
    ['unknown parameters', { To: TO, From: MAIN, Body: 'x', ShortenUrls: 'true', SmartEncoded: 'true' }]
  ])('accepts %s', async (_name, input) => {
    const response = await sendMessage(emulator, input)
    expect(response.status).toBe(201)
    expect(emulator.state.counters.accepted).toBe(1)
  })
})

describe('Messages list and fetch', () => {
  it('lists newest first, filters by To and From, fetches by SID and answers 404 / 20404 for an unknown SID', async () => {
    const first = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'one' })
    const second = await sendMessage(emulator, { To: '+14155551313', From: MAIN, Body: 'two' })
    const third = await sendMessage(emulator, { To: TO, From: '+14155550101', Body: 'three' })

    const all = await getJson(emulator, `${apiPath()}/Messages.json`)
    expect(all.status).toBe(200)
    expect((all.body.messages as { sid: string }[]).map((m) => m.sid)).toEqual([
      third.body.sid,
      second.body.sid,
      first.body.sid
    ])
    expect(all.body).toMatchObject({
      page: 0,
      page_size: 50,
      start: 0,
      end: 2,
      next_page_uri: null,
      previous_page_uri: null
    })

    const byTo = await getJson(emulator, `${apiPath()}/Messages.json?To=${encodeURIComponent(TO)}`)
    expect((byTo.body.messages as unknown[]).length).toBe(2)
    const byFrom = await getJson(emulator, `${apiPath()}/Messages.json?From=${encodeURIComponent('+14155550101')}`)
    expect((byFrom.body.messages as { sid: string }[]).map((m) => m.sid)).toEqual([third.body.sid])

    const fetched = await getJson(emulator, `${apiPath()}/Messages/${second.body.sid}.json`)
    expect(fetched.status).toBe(200)
    expect(fetched.body).toEqual(second.body)

    const missing = await getJson(emulator, `${apiPath()}/Messages/SM${'0'.repeat(32)}.json`)
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe(20404)
  })

  it('pages messages with PageSize and keeps filters in the links', async () => {
    for (let i = 0; i < 5; i++) await sendMessage(emulator, { To: TO, From: MAIN, Body: `m${i}` })
    const seen: string[] = []
    let next: string | null = `${apiPath()}/Messages.json?To=${encodeURIComponent(TO)}&PageSize=2`
    let pages = 0
    while (next) {
      expect(next.startsWith('/2010-04-01/')).toBe(true)
      const page = await getJson(emulator, next)
      seen.push(...(page.body.messages as { body: string }[]).map((m) => m.body))
      next = page.body.next_page_uri as string | null
      if (next) expect(next).toContain('To=%2B14155551212')
      pages++
    }
    expect(pages).toBe(3)
    expect(seen).toEqual(['m4', 'm3', 'm2', 'm1', 'm0'])
  })
})

describe('lists and pagination', () => {
  let big: RunningEmulator

  beforeAll(async () => {
    big = await startEmulator({ seed: { extraPhoneNumbers: 2500 } })
  })

  afterAll(async () => {
    await big.close()
  })

  it('walks 2,506 numbers in 3 pages of 1,000 with path next_page_uri, each number once', async () => {
    const seen = new Set<string>()
    let next: string | null = `${apiPath()}/IncomingPhoneNumbers.json?PageSize=1000`
    let pages = 0
    while (next) {
      const page = await getJson(big, next)
      expect(page.status).toBe(200)
      expect(page.body.page).toBe(pages)
      expect(page.body.page_size).toBe(1000)
      for (const number of page.body.incoming_phone_numbers as { phone_number: string }[]) {
        expect(seen.has(number.phone_number)).toBe(false)
        seen.add(number.phone_number)
      }
      next = page.body.next_page_uri as string | null
      if (next)
        expect(next).toMatch(
          /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/IncomingPhoneNumbers\.json\?PageSize=1000&Page=\d+&PageToken=PA/
        )
      pages++
    }
    expect(pages).toBe(3)
    expect(seen.size).toBe(2506)
  })

  it('seeds numbers with mixed capabilities, upper-case keys included, and a short code', async () => {
    const numbers = await getJson(emulator, `${apiPath()}/IncomingPhoneNumbers.json`)
    const capabilities = (numbers.body.incoming_phone_numbers as { capabilities: Record<string, boolean> }[]).map(
      (n) => n.capabilities
    )
    expect(capabilities).toContainEqual({ voice: true, sms: false, mms: false, fax: false })
    expect(capabilities).toContainEqual({ voice: false, sms: true, mms: false, fax: false })
    expect(capabilities.some((c) => 'SMS' in c)).toBe(true)
    const codes = await getJson(emulator, `${apiPath()}/SMS/ShortCodes.json`)
    expect(codes.body.short_codes).toEqual([
      expect.objectContaining({ short_code: '89757', sid: expect.stringMatching(/^SC/) })
    ])
  })

  it.each([
    ['/v1/Services', 'services', 2],
    ['/v1/Content', 'contents', account.contents.length],
    ['/v1/ContentAndApprovals', 'contents', account.contents.length]
  ])('walks %s at PageSize 1 following absolute next_page_url', async (path, key, total) => {
    const seen: string[] = []
    let next: string | null = `${emulator.url}${path}?PageSize=1`
    while (next) {
      expect(next.startsWith(`${emulator.url}/`)).toBe(true)
      const page = await getJson(emulator, next)
      expect(page.status).toBe(200)
      const meta = page.body.meta as Record<string, unknown>
      expect(meta).toMatchObject({ key, page_size: 1, page: seen.length })
      expect(meta.url).toBe(`${emulator.url}${path}?PageSize=1&Page=${seen.length}`)
      seen.push(...(page.body[key] as { sid: string }[]).map((item) => item.sid))
      next = meta.next_page_url as string | null
    }
    expect(new Set(seen).size).toBe(total)
  })

  it.each(['0', '1001', '-1', 'ten'])('answers 400 / 20001 for PageSize=%s', async (size) => {
    for (const path of [`${apiPath()}/IncomingPhoneNumbers.json`, '/v1/Content']) {
      const response = await getJson(emulator, `${path}?PageSize=${size}`)
      expect(response.status).toBe(400)
      expect(response.body.code).toBe(20001)
    }
  })

  it('accepts PageSize 1000 and defaults to 50', async () => {
    expect((await getJson(emulator, '/v1/Services?PageSize=1000')).status).toBe(200)
    expect(((await getJson(emulator, '/v1/Services')).body.meta as { page_size: number }).page_size).toBe(50)
  })

  it('fetches a Service, a Content and its approval, and answers 404 / 20404 for unknown SIDs', async () => {
    expect((await getJson(emulator, `/v1/Services/${MARKETING}`)).body.sid).toBe(MARKETING)
    const sid = contentSid('product_photo')
    const content = await getJson(emulator, `/v1/Content/${sid}`)
    expect(content.body).toMatchObject({ sid, url: `${emulator.url}/v1/Content/${sid}` })
    const approval = await getJson(emulator, `/v1/Content/${sid}/ApprovalRequests`)
    expect(approval.body.whatsapp).toMatchObject({ status: 'approved' })
    for (const path of [`/v1/Services/MG${'0'.repeat(32)}`, `/v1/Content/HX${'0'.repeat(32)}`]) {
      const response = await getJson(emulator, path)
      expect(response.status).toBe(404)
      expect(response.body.code).toBe(20404)
    }
  })

  it('covers template types and WhatsApp approval states', async () => {
    const page = await getJson(emulator, '/v1/ContentAndApprovals?PageSize=500')
    const contents = page.body.contents as { types: Record<string, unknown>; approval_requests: { status: string } }[]
    const types = new Set(contents.flatMap((content) => Object.keys(content.types)))
    for (const type of [
      'twilio/text',
      'twilio/media',
      'twilio/quick-reply',
      'twilio/card',
      'twilio/carousel',
      'twilio/catalog',
      'whatsapp/authentication'
    ]) {
      expect(types.has(type)).toBe(true)
    }
    const statuses = new Set(contents.map((content) => content.approval_requests.status))
    for (const status of ['approved', 'pending', 'rejected', 'unsubmitted']) expect(statuses.has(status)).toBe(true)
  })

  it('can nest approval_requests under whatsapp', async () => {
    const nested = await startEmulator({ seed: { approvalShape: 'nested' } })
    try {
      const page = await getJson(nested, '/v1/ContentAndApprovals')
      const first = (page.body.contents as { approval_requests: { whatsapp: { status: string } } }[])[0]
      expect(first.approval_requests.whatsapp.status).toBe('approved')
    } finally {
      await nested.close()
    }
  })
})

describe('fault injection', () => {
  it('answers every request 429 / 20429 at rate429=1 and records nothing', async () => {
    emulator.setFaults({ rate429: 1 })
    for (let i = 0; i < 3; i++) {
      const response = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })
      expect(response.status).toBe(429)
      expect(response.body).toMatchObject({ code: 20429, status: 429 })
    }
    expect(emulator.state.counters).toMatchObject({ faults429: 3, faultsInjected: 3, accepted: 0 })
    expect(emulator.state.messages).toHaveLength(0)
  })

  it('answers 500 / 20500 or 503 / 20503 at rate5xx=1', async () => {
    emulator.setFaults({ rate5xx: 1 })
    const statuses = new Set<number>()
    for (let i = 0; i < 8; i++) {
      const response = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })
      expect([500, 503]).toContain(response.status)
      expect(response.body.code).toBe(response.status === 500 ? 20500 : 20503)
      statuses.add(response.status)
    }
    expect(statuses.size).toBe(2)
    expect(emulator.state.counters).toMatchObject({ faults5xx: 8, accepted: 0 })
  })

  it('drops the connection at rateDrop=1 so fetch rejects', async () => {
    emulator.setFaults({ rateDrop: 1 })
    await expect(sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })).rejects.toThrow()
    expect(emulator.state.counters).toMatchObject({ faultsDropped: 1, accepted: 0 })
  })

  it('adds latency', async () => {
    emulator.setFaults({ latencyMs: 150 })
    const started = Date.now()
    const response = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })
    expect(response.status).toBe(201)
    expect(Date.now() - started).toBeGreaterThanOrEqual(145)
    expect(emulator.state.counters.delayed).toBe(1)
  })

  it('is reproducible for a seed and leaves admin routes alone', async () => {
    const run = async () => {
      emulator.setFaults({ rate429: 0.5, seed: 42 })
      const statuses: number[] = []
      for (let i = 0; i < 12; i++) statuses.push((await getJson(emulator, '/v1/Services')).status)
      return statuses
    }
    const a = await run()
    const b = await run()
    expect(a).toEqual(b)
    expect(a).toContain(429)
    expect(a).toContain(200)
    emulator.setFaults({ rate429: 1 })
    const state = await getJson(emulator, '/__emulator/state', '')
    expect(state.status).toBe(200)
  })

  it('takes faults, resets and shows the outbox through admin routes', async () => {
    await sendMessage(emulator, { To: TO, From: MAIN, Body: 'kept', StatusCallback: 'https://hooks.example/s' })
    const outbox = await getJson(emulator, '/__emulator/messages', '')
    expect(outbox.body.total).toBe(1)
    expect((outbox.body.messages as { emulator: Record<string, unknown> }[])[0].emulator).toMatchObject({
      status_callback: 'https://hooks.example/s',
      encoding: 'GSM-7'
    })
    const faults = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate429: 1 })
    })
    expect(((await faults.json()) as { rate429: number }).rate429).toBe(1)
    expect(emulator.faults.rate429).toBe(1)
    await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' })
    expect(emulator.state.messages).toHaveLength(0)
    expect(emulator.state.counters.accepted).toBe(0)
  })
})

describe('pure helpers', () => {
  it('validates without HTTP', () => {
    const result = validateMessageCreate({ To: TO, From: MAIN, Body: 'x' }, account, NOW)
    expect(result.ok).toBe(true)
    const failure = validateMessageCreate({ From: MAIN, Body: 'x' }, account, NOW)
    expect(failure).toEqual({ ok: false, error: expect.objectContaining({ code: 21604, status: 400 }) })
  })

  it('counts segments', () => {
    expect(countSegments('')).toEqual({ segments: 1, encoding: 'GSM-7' })
    expect(countSegments('{'.repeat(81))).toEqual({ segments: 2, encoding: 'GSM-7' })
  })

  it('has deterministic seed SIDs', () => {
    expect(createDemoAccount().contents.map((c) => c.sid)).toEqual(account.contents.map((c) => c.sid))
    expect(account.services.every((s) => /^MG[0-9a-f]{32}$/.test(s.sid))).toBe(true)
  })

  it('listens on loopback only', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/)
  })
})
