// Property: in a batch mixing valid and invalid events whose values need coercion, each event gets the result it
// gets alone through perform: the same form parameters when it is sent, a failure when it fails.
import fc from 'fast-check'
import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import type { JSONObject } from '@segment/actions-core'
import destination from '../src/destinations/twilio-messaging'
import { clearMemoryDedup } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import {
  MESSAGES_PATH,
  TWILIO,
  multistatus,
  settings
} from '../src/destinations/twilio-messaging/sendMessage/__tests__/__helpers__/fixtures'

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60)

const mappings: JSONObject[] = [
  {
    channel: 'SMS',
    senderType: 'Phone number',
    contentTemplateType: 'Inline',
    toPhoneNumber: { '@path': '$.properties.phone' },
    fromPhoneNumber: '+14155550100',
    inlineBody: 'Hi {{first_name}}, order {{properties.order_id}}',
    validityPeriod: { '@path': '$.properties.ttl' },
    defaultCountry: 'US',
    messageId: { '@path': '$.messageId' }
  },
  {
    // Saved before the hidden messageId field existed; media from the event, one URL or several.
    channel: { '@path': '$.properties.channel' },
    senderType: 'Phone number',
    contentTemplateType: 'Inline',
    toPhoneNumber: { '@path': '$.properties.phone' },
    fromPhoneNumber: '+14155550100',
    inlineBody: { '@path': '$.properties.text' },
    inlineMediaUrls: { '@path': '$.properties.media' },
    defaultCountry: 'US',
    notAField: 'dropped by validation'
  }
]

/** Values of the types an event really carries: numbers where strings are expected, strings holding numbers. */
const phone = fc.oneof(
  fc.constantFrom('+14155552671', '+14155550123', '4155550199', '(415) 555-0142', 'nope', ''),
  fc.integer({ min: 4155550000, max: 4155559999 }),
  fc.integer({ min: 14155550000, max: 14155559999 }),
  fc.constant(null),
  fc.constant(undefined)
)
const name = fc.oneof(fc.constantFrom('Ada', 'Bob', 'Zoë', ''), fc.integer({ min: 0, max: 99 }), fc.constant(undefined))
const event = fc.record({
  type: fc.constant('track'),
  event: fc.constant('Order Shipped'),
  messageId: fc.uuid(),
  properties: fc.record({
    phone,
    first_name: name,
    order_id: fc.oneof(fc.integer({ min: 1, max: 9999 }), fc.constantFrom('A-1', 'B-2'), fc.constant(undefined)),
    ttl: fc.oneof(
      fc.constantFrom('3600', '600', 'soon', ''),
      fc.integer({ min: -5, max: 20000 }),
      fc.constant(undefined)
    ),
    channel: fc.constantFrom('SMS', 'MMS', 'mms', 'Fax'),
    text: fc.oneof(fc.constantFrom('Your order shipped', ''), fc.integer(), fc.constant(undefined)),
    media: fc.oneof(
      fc.constantFrom('https://example.com/a.png', 'not a url'),
      fc.array(fc.constantFrom('https://example.com/a.png', 'https://example.com/b.jpg'), { maxLength: 3 }),
      fc.constant(undefined)
    )
  })
})

type Result = { ok: true; params: Record<string, unknown> } | { ok: false }

beforeAll(() => nock.disableNetConnect())
beforeEach(() => {
  let n = 0
  nock(TWILIO)
    .persist()
    .post(MESSAGES_PATH)
    .reply(() => [201, { sid: `SM${String(++n).padStart(32, '0')}`, status: 'queued' }])
})
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

function formObject(body: string): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const existing = params[key]
    params[key] = existing === undefined ? value : ([] as unknown[]).concat(existing, value)
  }
  return params
}

async function alone(mapping: JSONObject, single: object): Promise<Result> {
  clearMemoryDedup()
  const testDestination = createTestIntegration(destination)
  try {
    const responses = await testDestination.testAction('sendMessage', { event: single, mapping, settings })
    const post = responses.find((response) => response.request.method === 'POST')
    return post ? { ok: true, params: formObject(String(post.options.body)) } : { ok: false }
  } catch {
    return { ok: false }
  }
}

describe('property: a batch treats each event as perform does', () => {
  it(`same parameters or the same failure, event by event (${RUNS} seeded runs)`, async () => {
    const counts = { sent: 0, failed: 0, mixed: 0 }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...mappings),
        fc.array(event, { minLength: 1, maxLength: 8 }),
        async (mapping, events) => {
          clearMemoryDedup()
          const testDestination = createTestIntegration(destination)
          await testDestination.testBatchAction('sendMessage', { events: events as never, mapping, settings })
          const batch = multistatus(testDestination)
          const expected = await Promise.all(events.map((single) => alone(mapping, single)))
          batch.forEach((entry, i) => {
            const result = expected[i]
            const sent = entry.status >= 200 && entry.status < 300
            expect({ i, sent }).toEqual({ i, sent: result.ok })
            if (result.ok) expect(entry.sent).toEqual(result.params)
          })
          const sentCount = expected.filter((result) => result.ok).length
          counts.sent += sentCount
          counts.failed += expected.length - sentCount
          if (sentCount > 0 && sentCount < expected.length) counts.mixed++
        }
      ),
      { numRuns: RUNS, seed: 20261127 }
    )
    // Both kinds of event occurred, and in the same batches.
    expect(counts.sent).toBeGreaterThan(0)
    expect(counts.failed).toBeGreaterThan(0)
    expect(counts.mixed).toBeGreaterThan(RUNS / 10)
  }, 120_000)
})
