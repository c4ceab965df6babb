import nock from 'nock'
import {
  createTestEvent,
  createTestIntegration,
  IntegrationError,
  InvalidAuthenticationError,
  PayloadValidationError,
  RetryableError
} from '@segment/actions-core'
import type { JSONObject } from '@segment/actions-core'
import destination from '../..'
import { READBACK_WAITS_ENV } from '../readback'
import {
  BASIC_AUTH,
  HX_SID,
  MESSAGES_PATH,
  MG_SID,
  NOW,
  SETTINGS,
  formEntries,
  headerText
} from '../../__tests__/__helpers__/fixtures'

const API = 'https://api.twilio.com'
const testDestination = createTestIntegration(destination)

const event = createTestEvent({
  type: 'track',
  event: 'Order Completed',
  messageId: 'evt-1',
  properties: { first_name: 'Ada', phone: '+14155552671', order_id: 'o-7' }
})

const baseMapping = {
  channel: 'SMS',
  senderType: 'Phone number',
  contentTemplateType: 'Inline',
  toPhoneNumber: { '@path': '$.properties.phone' },
  fromPhoneNumber: '+14155550100',
  inlineBody: 'Hello {{first_name}}'
}

const twilioMessage = (overrides: Record<string, unknown> = {}) => ({
  sid: 'SM0123456789abcdef0123456789abcdef',
  status: 'queued',
  num_segments: '1',
  error_code: null,
  ...overrides
})

interface Captured {
  body: string
  headers: Record<string, string | string[] | undefined>
}

function expectMessage(status = 201, reply: unknown = twilioMessage(), headers: Record<string, string> = {}) {
  const captured: Captured[] = []
  const scope = nock(API)
    .post(MESSAGES_PATH)
    .reply(function (_uri, body) {
      captured.push({ body: body as string, headers: this.req.headers })
      return [status, reply as nock.Body, { 'Content-Type': 'application/json', ...headers }]
    })
  return { scope, captured }
}

let sent = 0

/** Each send is a new event (its own messageId), so duplicate protection does not answer from an earlier test. */
async function send(mapping: Record<string, unknown>) {
  const fresh = { ...event, messageId: `evt-${++sent}` }
  return testDestination.testAction('sendMessage', { event: fresh, settings: SETTINGS, mapping: mapping as JSONObject })
}

beforeAll(() => nock.disableNetConnect())
beforeEach(() => {
  // After a 5xx the destination looks the send up in Twilio's list at once; here the list holds no such message.
  process.env[READBACK_WAITS_ENV] = '0'
  nock('https://api.twilio.com').persist().get(MESSAGES_PATH).query(true).reply(200, { messages: [] })
})
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

describe('sendMessage: the request Twilio receives', () => {
  it('posts a form with basic auth to the account Messages resource and returns Twilio’s sid and status', async () => {
    const { scope, captured } = expectMessage()
    const responses = await send(baseMapping)
    expect(scope.isDone()).toBe(true)
    expect(headerText(captured[0].headers['authorization'])).toBe(BASIC_AUTH)
    expect(headerText(captured[0].headers['content-type'])).toMatch(/^application\/x-www-form-urlencoded/)
    expect(formEntries(captured[0].body)).toEqual([
      ['To', '+14155552671'],
      ['From', '+14155550100'],
      ['Body', 'Hello Ada']
    ])
    expect(responses[0].status).toBe(201)
    expect(responses[0].data).toMatchObject({ sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' })
  })

  it('resolves @template mappings before the placeholder fill', async () => {
    const { captured } = expectMessage()
    await send({
      ...baseMapping,
      inlineBody: { '@template': 'Order {{properties.order_id}} for {{properties.first_name}}' }
    })
    expect(new URLSearchParams(captured[0].body).get('Body')).toBe('Order o-7 for Ada')
  })

  it('never reads braces that came from event data as placeholders', async () => {
    const { scope } = expectMessage()
    const sneaky = { ...event, properties: { ...event.properties, first_name: '{{context.traits.email}}' } }
    const attempt = testDestination.testAction('sendMessage', {
      event: { ...sneaky, messageId: 'evt-braces' },
      settings: SETTINGS,
      mapping: { ...baseMapping, inlineBody: { '@template': 'Hi {{properties.first_name}}' } }
    })
    await expect(attempt).rejects.toThrow(
      /Inline Template \(inlineBody\): the text the mapping produced from the event contains '\{\{' or '\}\}'/
    )
    expect(scope.isDone()).toBe(false)
  })

  it('sends MediaUrl as repeated keys', async () => {
    const { captured } = expectMessage()
    await send({
      ...baseMapping,
      channel: 'MMS',
      inlineMediaUrls: ['https://example.com/a.png', 'https://example.com/b.png']
    })
    const params = new URLSearchParams(captured[0].body)
    expect(params.getAll('MediaUrl')).toEqual(['https://example.com/a.png', 'https://example.com/b.png'])
  })

  it('sends a WhatsApp template with variables as a JSON string', async () => {
    const { captured } = expectMessage()
    await send({
      ...baseMapping,
      channel: 'Whatsapp',
      contentTemplateType: 'Text',
      contentSid: `Welcome [${HX_SID}]`,
      contentVariables: { '1': { '@path': '$.properties.first_name' }, '2': 3 }
    })
    const params = new URLSearchParams(captured[0].body)
    expect(formEntries(params)).toEqual([
      ['To', 'whatsapp:+14155552671'],
      ['From', 'whatsapp:+14155550100'],
      ['ContentSid', HX_SID],
      ['ContentVariables', '{"1":"Ada","2":"3"}']
    ])
  })

  describe('with a fixed clock', () => {
    beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW.getTime()))
    afterEach(() => jest.restoreAllMocks())

    it('schedules through a Messaging Service in UTC with ScheduleType=fixed', async () => {
      const { captured } = expectMessage(201, twilioMessage({ status: 'scheduled' }))
      const responses = await send({
        ...baseMapping,
        channel: 'MMS',
        senderType: 'Messaging Service',
        messagingServiceSid: MG_SID,
        sendAt: '2026-11-27T10:00:00-05:00'
      })
      const params = new URLSearchParams(captured[0].body)
      expect(params.get('SendAt')).toBe('2026-11-27T15:00:00Z')
      expect(params.get('ScheduleType')).toBe('fixed')
      expect(params.get('From')).toBeNull()
      expect(responses[0].data).toMatchObject({ status: 'scheduled' })
    })

    it('refuses a schedule without a Messaging Service and sends nothing', async () => {
      const { scope } = expectMessage()
      await expect(send({ ...baseMapping, sendAt: '2026-11-27T10:00:00Z' })).rejects.toThrow(
        /Send At \(sendAt\) needs the Messaging Service sender/
      )
      expect(scope.isDone()).toBe(false)
    })
  })
})

describe('sendMessage: invalid input never reaches Twilio', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['schema: missing To for SMS', { toPhoneNumber: undefined }, /toPhoneNumber/],
    ['schema: missing From for the Phone number sender', { fromPhoneNumber: undefined }, /fromPhoneNumber/],
    ['schema: missing Messaging Service SID', { senderType: 'Messaging Service' }, /messagingServiceSid/],
    ['schema: missing Content SID for a template', { contentTemplateType: 'Text' }, /contentSid/],
    [
      'validity period above 14400',
      { validityPeriod: 20000 },
      /Validity Period \(validityPeriod\) must be a whole number of seconds from 1 to 14400; got 20000/
    ],
    [
      'placeholder with no value',
      { inlineBody: 'Hi {{nickname}}' },
      /uses \{\{nickname\}\}, but the event has no value/
    ],
    ['media on SMS', { inlineMediaUrls: ['https://example.com/a.png'] }, /Set Channel to MMS/],
    [
      'path injection as a Content SID',
      { contentTemplateType: 'Text', contentSid: '../../../2010-04-01/Accounts' },
      /Content Template SID \(contentSid\) '..\/..\/..\/2010-04-01\/Accounts' is not a valid SID/
    ],
    [
      'Messenger missing recipient (lower-case channel)',
      { channel: 'messenger', senderType: 'Facebook Page ID', fromFacebookPageId: '1' },
      /To Messenger User ID \(toMessengerUserId\) is required/
    ]
  ]

  it.each(cases)('%s', async (name, overrides, message) => {
    const unmatched: unknown[] = []
    const onNoMatch = (request: unknown) => unmatched.push(request)
    nock.emitter.on('no match', onNoMatch)
    const { scope } = expectMessage()
    try {
      const error = await send({ ...baseMapping, ...overrides }).then(
        () => undefined,
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).message).toMatch(message)
      if (name.startsWith('schema:')) {
        // Conditional requirements are enforced by actions-core's schema validation (reported as a 400 by Segment).
        expect((error as Error).name).toBe('AggregateAjvError')
      } else {
        expect(error).toBeInstanceOf(PayloadValidationError)
        expect((error as IntegrationError).status).toBe(400)
      }
      expect(scope.isDone()).toBe(false)
      expect(unmatched).toHaveLength(0)
    } finally {
      nock.emitter.removeListener('no match', onNoMatch)
    }
  })

  it('raises PayloadValidationError for rule breaks found in code', async () => {
    await expect(send({ ...baseMapping, toPhoneNumber: 'not a number' })).rejects.toBeInstanceOf(PayloadValidationError)
  })
})

describe('sendMessage: Twilio errors keep their code, message and class', () => {
  const twilioError = (status: number, code: number, message: string) => ({
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status
  })

  async function failWith(status: number, body: unknown, headers: Record<string, string> = {}) {
    expectMessage(status, body, headers)
    return send(baseMapping).then(
      () => {
        throw new Error('expected the send to fail')
      },
      (error: unknown) => error as Error & { status?: number; code?: string }
    )
  }

  it('400/21211 is final with code TWILIO_21211, Twilio’s message, more_info and a fix', async () => {
    const error = await failWith(
      400,
      twilioError(400, 21211, "The 'To' number +14155552671 is not a valid phone number.")
    )
    expect(error).toBeInstanceOf(IntegrationError)
    expect(error).not.toBeInstanceOf(RetryableError)
    expect(error.status).toBe(400)
    expect(error.code).toBe('TWILIO_21211')
    expect(error.message).toBe(
      "Twilio error 21211: The 'To' number +14155552671 is not a valid phone number. More info: https://www.twilio.com/docs/errors/21211 Fix: Map 'To Phone Number' to a valid E.164 number such as +14155552671."
    )
  })

  it('400/21610 (recipient unsubscribed) is final', async () => {
    const error = await failWith(400, twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'))
    expect(error.status).toBe(400)
    expect(error.code).toBe('TWILIO_21610')
    expect(error.message).toMatch(/reply START/)
  })

  it('401 is an authentication error', async () => {
    const error = await failWith(401, twilioError(401, 20003, 'Authenticate'))
    expect(error).toBeInstanceOf(InvalidAuthenticationError)
    expect(error.status).toBe(401)
    expect(error.message).toMatch(/^Twilio error 20003: Authenticate/)
  })

  it('403 is an authentication error', async () => {
    const error = await failWith(403, twilioError(403, 20003, 'Permission denied'))
    expect(error).toBeInstanceOf(InvalidAuthenticationError)
    expect(error.message).toMatch(/Twilio error 20003: Permission denied/)
  })

  it('429 is retryable with status 429', async () => {
    const error = await failWith(429, twilioError(429, 20429, 'Too Many Requests'))
    expect(error).toBeInstanceOf(RetryableError)
    expect(error.status).toBe(429)
    expect(error.code).toBe('TWILIO_20429')
  })

  it.each([500, 503])('%i is retryable keeping the status', async (status) => {
    const error = await failWith(status, twilioError(status, status === 500 ? 20500 : 20503, 'Service unavailable'))
    expect(error).toBeInstanceOf(RetryableError)
    expect(error.status).toBe(status)
    expect(error.message).toMatch(new RegExp(`^Twilio error ${status === 500 ? 20500 : 20503}: Service unavailable`))
  })

  it('21611 (sender queue full) is retryable although Twilio answers 400', async () => {
    const error = await failWith(
      400,
      twilioError(400, 21611, 'This From phone number has exceeded the maximum number of queued messages')
    )
    expect(error).toBeInstanceOf(RetryableError)
    expect(error.status).toBe(429)
    expect(error.code).toBe('TWILIO_21611')
  })

  it('a non-JSON error body still gives a useful message', async () => {
    const error = await failWith(502, '<html><body>Bad gateway</body></html>', { 'Content-Type': 'text/html' })
    expect(error).toBeInstanceOf(RetryableError)
    expect(error.status).toBe(502)
    expect(error.message).toBe(
      'Twilio answered HTTP 502 without a Twilio error body: "<html><body>Bad gateway</body></html>". Twilio\'s message list shows no such message, so Segment retries.'
    )
  })

  it('a JSON error sent with a text content type is still read', async () => {
    const error = await failWith(
      400,
      JSON.stringify(twilioError(400, 21606, 'The From phone number is not a valid, SMS-capable inbound phone number')),
      {
        'Content-Type': 'text/plain'
      }
    )
    expect(error.code).toBe('TWILIO_21606')
    expect(error.status).toBe(400)
  })

  it('never puts the API key secret in an error message', async () => {
    const error = await failWith(401, twilioError(401, 20003, 'Authenticate'))
    expect(error.message).not.toContain(SETTINGS.apiKeySecret)
    expect(error.message).not.toContain(BASIC_AUTH)
  })
})
