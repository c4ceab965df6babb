// Every dropdown lookup whose request outlives the request client's timeout (actions-core's default, 10 s) answers
// TWILIO_TIMEOUT instead of hanging or throwing. Real time by nature, so it lives here rather than in the
// destination's folder, whose tests must stay fast in Segment's monorepo.
import nock from 'nock'
import {
  API,
  CONTENT,
  MESSAGING,
  NUMBERS_PATH,
  SHORT_CODES_PATH,
  page2010,
  sid
} from '../src/destinations/twilio-messaging/__tests__/__helpers__/twilio-lists'
import { lookup } from '../src/destinations/twilio-messaging/sendMessage/__tests__/__helpers__/dynamic-field-lookup'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const lookups: Array<[string, Record<string, unknown>, () => nock.Interceptor]> = [
  ['fromPhoneNumber', { channel: 'SMS' }, () => nock(API).get(NUMBERS_PATH).query(true)],
  ['messagingServiceSid', {}, () => nock(MESSAGING).get('/v1/Services').query(true)],
  [
    'contentSid',
    { channel: 'Whatsapp', contentTemplateType: 'Text' },
    () => nock(CONTENT).get('/v1/ContentAndApprovals').query(true)
  ],
  ['contentVariables.__keys__', { contentSid: sid('HX', 9) }, () => nock(CONTENT).get(`/v1/Content/${sid('HX', 9)}`)]
]

it('requests that outlive the client timeout (10 s) return TWILIO_TIMEOUT, for every lookup', async () => {
  // One slow answer per lookup, all in parallel, so the test waits for the client timeout once.
  nock(API)
    .get(SHORT_CODES_PATH)
    .query(true)
    .optionally()
    .reply(200, page2010('short_codes', SHORT_CODES_PATH, [], 0, 1000, true))
  for (const [, , interceptor] of lookups) interceptor().delay(10_500).reply(200, {})
  const responses = await Promise.all(lookups.map(([field, payload]) => lookup(field, payload)))
  for (const response of responses) {
    expect(response.choices).toEqual([])
    expect(response.error?.code).toBe('TWILIO_TIMEOUT')
    expect(response.error?.message).toMatch(/took too long/)
  }
}, 30_000)
