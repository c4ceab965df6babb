// Validity Period is a whole number of seconds, judged on what the mapping produced: actions-core's schema step
// coerces `true` to 1 and "0x258" to 600 before the action sees the payload, so the action looks again.
import nock from 'nock'
import { createTestIntegration, PayloadValidationError } from '@segment/actions-core'
import type { DestinationDefinition, JSONObject } from '@segment/actions-core'
import destination from '../..'
import type { Settings } from '../../generated-types'
import { clearMemoryDedup } from '../dedup'
import { build } from './__helpers__/build-params'
import { mapping, multistatus, settings, smsEvent } from './__helpers__/fixtures'
import { smsPayload } from '../../__tests__/__helpers__/fixtures'

const REFUSED = /^Validity Period \(validityPeriod\) must be a whole number of seconds from 1 to 14400; got /

/** The destination as it will be once `validityPeriod` has the live destination's type `number`. */
function withNumberField(): DestinationDefinition<Settings> {
  const action = destination.actions.sendMessage
  const validityPeriod = { ...action.fields.validityPeriod, type: 'number' as const }
  return {
    ...destination,
    // actions-core caches each payload schema under the destination's name and the action's title.
    name: `${destination.name} (validityPeriod: number)`,
    actions: { sendMessage: { ...action, fields: { ...action.fields, validityPeriod } } }
  }
}

beforeAll(() => nock.disableNetConnect())
beforeEach(() => clearMemoryDedup())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

describe('buildMessageRequest', () => {
  it.each<[unknown, string]>([
    [600, '600'],
    ['600', '600'],
    [' 600 ', '600'],
    [14400, '14400']
  ])('sends %j as %s', (value, sent) => {
    expect(build({ ...smsPayload(), validityPeriod: value as number })).toContainEqual(['ValidityPeriod', sent])
  })

  it.each<unknown>([true, false, '0x258', '0b1001011000', '0o1130', '1e3', '600.0', '600.5', 600.5, '+600', '', []])(
    'refuses %j',
    (value) => {
      const attempt = () => build({ ...smsPayload(), validityPeriod: value as number })
      expect(attempt).toThrow(PayloadValidationError)
      expect(attempt).toThrow(REFUSED)
    }
  )
})

describe.each([
  ['today (type integer)', destination],
  ["once the field's type is number", withNumberField()]
])('through actions-core, %s', (_name, definition) => {
  const testDestination = createTestIntegration(definition)

  it.each<[string, unknown]>([
    ['typed true', true],
    ['typed "0x258"', '0x258'],
    ['typed "0b1001011000"', '0b1001011000'],
    ['typed "0o1130"', '0o1130'],
    ['typed "1e3"', '1e3'],
    ['true from the event', { '@path': '$.properties.ttl_true' }],
    ['"0x258" from the event', { '@path': '$.properties.ttl_hex' }]
  ])('%s: refused, nothing sent', async (_label, validityPeriod) => {
    const twilio = nock('https://api.twilio.com').post(/.*/).reply(201, { sid: 'SM1', status: 'queued' })
    const event = smsEvent({ ttl_true: true, ttl_hex: '0x258' })
    const error = await testDestination
      .testAction('sendMessage', { event, settings, mapping: { ...mapping, validityPeriod } as JSONObject })
      .catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/validityPeriod|Validity Period/)
    expect(twilio.isDone()).toBe(false)
  })

  it('600 from the event, as a number or as digits, is sent as 600', async () => {
    for (const ttl of [600, '600']) {
      let sent = ''
      nock('https://api.twilio.com')
        .post(/.*/)
        .reply(201, (_uri, body) => {
          sent = String(body)
          return { sid: 'SM1', status: 'queued' }
        })
      await testDestination.testAction('sendMessage', {
        event: smsEvent({ ttl }),
        settings,
        mapping: { ...mapping, validityPeriod: { '@path': '$.properties.ttl' } }
      })
      expect(new URLSearchParams(sent).get('ValidityPeriod')).toBe('600')
    }
  })
})

it('a batch with a typed true: every event refused, nothing sent', async () => {
  const testDestination = createTestIntegration(destination)
  const twilio = nock('https://api.twilio.com').post(/.*/).reply(201, { sid: 'SM1', status: 'queued' })
  await testDestination.testBatchAction('sendMessage', {
    events: [smsEvent(), smsEvent()],
    settings,
    mapping: { ...mapping, validityPeriod: true, enable_batching: true }
  })
  const results = multistatus(testDestination)
  expect(results.map((result) => result.status)).toEqual([400, 400])
  for (const result of results) expect(String(result.errormessage)).toMatch(REFUSED)
  expect(twilio.isDone()).toBe(false)
})

it('600.5 with the number type: our own message names the field and the fix', async () => {
  const testDestination = createTestIntegration(withNumberField())
  const twilio = nock('https://api.twilio.com').post(/.*/).reply(201, { sid: 'SM1', status: 'queued' })
  const error = await testDestination
    .testAction('sendMessage', { event: smsEvent(), settings, mapping: { ...mapping, validityPeriod: 600.5 } })
    .catch((e: Error) => e)
  expect(error).toBeInstanceOf(PayloadValidationError)
  expect((error as Error).message).toMatch(/got 600\.5\. Map it to a number such as 600, written in decimal digits\./)
  expect(twilio.isDone()).toBe(false)
})
