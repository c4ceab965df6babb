// Every dropdown lookup that fails (Twilio errors, bad bodies, bad settings, timeouts) answers with an error and
// never throws.
import nock from 'nock'
import { RequestTimeoutError } from '@segment/actions-core'
import { describeLookupFailure } from '../../twilio'
import {
  API,
  CONTENT,
  MESSAGING,
  NUMBERS_PATH,
  SHORT_CODES_PATH,
  page2010,
  settings,
  sid
} from '../../__tests__/__helpers__/twilio-lists'
import { lookup } from './__helpers__/dynamic-field-lookup'
import { useNockedTwilio } from './__helpers__/lookup-environment'

useNockedTwilio()

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
  // Requests that outlive the client's 10 s timeout: test/lookup-timeouts.test.ts (real time, so outside the folder).
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
