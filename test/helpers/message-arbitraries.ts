// fast-check arbitraries for "any mapping and any event" of sendMessage, plus the property itself, shared by
// test/property.test.ts (a few hundred seeded runs) and bench/fault.ts (10,000 runs).
import fc from 'fast-check'
import { createTestIntegration } from '@segment/actions-core'
import type { JSONObject } from '@segment/actions-core'
import destination from '../../src/destinations/twilio-messaging'
import { fields } from '../../src/destinations/twilio-messaging/sendMessage/fields'
import { clearMemoryDedup } from '../../src/destinations/twilio-messaging/sendMessage/dedup'
import { installInstantTransport, type Captured } from '../../bench/lib/instant-transport'
import { createMessageViolations } from './contract'
import {
  adversarial,
  badUrl,
  CASE_BUDGET_MS,
  coercedNumber,
  deepNesting,
  longRun,
  manyKeys
} from './adversarial-arbitraries'
import { settings } from '../../src/destinations/twilio-messaging/__tests__/__helpers__/fixtures'

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/)
/** Object keys of a mapping: a key starting with `@` is a mapping directive, rejected when a mapping is saved. */
const key = (maxLength: number) => fc.string({ maxLength }).filter((k) => !k.startsWith('@'))
const DAY = 24 * 60 * 60 * 1000

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(''),
  fc.constantFrom('{{', '}}', '{{first_name}}', '{{ }}', '{{a..b}}', '{{properties}}'),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(key(5), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  adversarial
)

const path = (p: string) => fc.constant({ '@path': p })

const contentVariablesDictionary = fc.dictionary(
  fc.oneof(fc.constantFrom('1', '2', 'name'), key(20)),
  fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(''),
    path('$.properties.first_name'),
    longRun
  ),
  { maxKeys: 4 }
)

const plausible: Record<string, fc.Arbitrary<unknown>> = {
  channel: fc.constantFrom('SMS', 'sms', 'MMS', 'Whatsapp', 'WhatsApp', 'whatsapp', 'RCS', 'Messenger', 'Fax', ' SMS '),
  senderType: fc.constantFrom('Phone number', 'Messaging Service', 'Facebook Page ID', 'phone NUMBER', 'Pigeon'),
  contentTemplateType: fc.constantFrom('Inline', 'inline', 'Text', 'Media', 'Card', 'Carousel', 'Location', 'Bogus'),
  toPhoneNumber: fc.oneof(
    fc.constantFrom('+14155552671', '(415) 555-2671', 'whatsapp:+14155552671', 'rcs:+14155552671', '+1', 'abc'),
    fc.constantFrom('+442071838750', '12345', '+1 415 555 2671 ext. 5', '415-555-2671x'),
    path('$.properties.phone'),
    path('$.traits.phone')
  ),
  toMessengerUserId: fc.constantFrom('1234567890123456', 'messenger:42', 'abc', '12 34'),
  fromPhoneNumber: fc.constantFrom(
    '+14155550100',
    '12345',
    'ACME',
    'ACME CORP LONG',
    '+1 415 555 0100',
    '123',
    '999999'
  ),
  fromFacebookPageId: fc.constantFrom('104417592364187', 'page', 'messenger:104417592364187'),
  messagingServiceSid: fc.oneof(
    hex32.map((h) => `MG${h}`),
    hex32.map((h) => `Marketing [MG${h}]`),
    fc.constantFrom('MGxyz', 'MG', 'Name [MG0]')
  ),
  contentSid: fc.oneof(
    hex32.map((h) => `HX${h}`),
    hex32.map((h) => `Promo [HX${h}]`),
    fc.constantFrom('HX1', 'SM1')
  ),
  contentVariables: fc.oneof({ weight: 1, arbitrary: manyKeys }, { weight: 9, arbitrary: contentVariablesDictionary }),
  inlineBody: fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      'Hi {{first_name}}',
      'Order {{properties.order.id}}',
      '{{ first_name }} {{traits.last_name}}',
      'x'.repeat(1601)
    ),
    fc.constantFrom('Hi {{first_name', 'Hi first_name}}', '{{items}}', '{{properties.missing}}', '{{1}}'),
    fc.constant({ '@template': 'Hello {{properties.first_name}}' }),
    path('$.properties.body'),
    longRun
  ),
  inlineMediaUrls: fc.array(
    fc.oneof(
      {
        weight: 9,
        arbitrary: fc.constantFrom('https://example.com/a.png', 'ftp://x/y', 'not a url', '', 'http://b.example/c')
      },
      { weight: 1, arbitrary: badUrl }
    ),
    { maxLength: 12 }
  ),
  validityPeriod: fc.oneof(fc.integer({ min: -10, max: 20000 }), fc.constantFrom('600', 'ten'), coercedNumber),
  sendAt: fc.constantFrom(
    new Date(Date.now() + 60 * 60 * 1000).toISOString(),
    new Date(Date.now() + 40 * DAY).toISOString(),
    new Date(Date.now() - DAY).toISOString(),
    new Date(Date.now() + 60 * 1000).toISOString(),
    'tomorrow'
  ),
  tags: fc.oneof(
    {
      weight: 9,
      arbitrary: fc.dictionary(key(12), fc.oneof(fc.string({ maxLength: 12 }), fc.integer()), { maxKeys: 12 })
    },
    { weight: 1, arbitrary: manyKeys }
  ),
  statusCallback: fc.oneof(
    fc.constantFrom('https://example.com/cb', 'https://bad_host.example.com/x', 'not a url', 'ftp://x'),
    badUrl
  ),
  defaultCountry: fc.constantFrom('US', 'GB', 'us', 'XX', 'USA')
}

const MAPPED = Object.keys(plausible)

const valueOf = (key: string) => fc.oneof({ weight: 4, arbitrary: plausible[key] }, { weight: 1, arbitrary: junk })

/** Mappings a marketer could save, each valid for its channel; the property mutates a few of their fields. */
const BASES: Array<Record<string, unknown>> = [
  { fromPhoneNumber: '+14155550100', inlineBody: 'Hi {{first_name}}' },
  { channel: 'MMS', fromPhoneNumber: '+14155550100', inlineMediaUrls: ['https://example.com/a.png'] },
  {
    channel: 'Whatsapp',
    fromPhoneNumber: '+14155550100',
    contentTemplateType: 'Text',
    contentSid: 'HX' + 'ab'.repeat(16),
    contentVariables: { '1': { '@path': '$.properties.first_name' } }
  },
  { channel: 'RCS', senderType: 'Messaging Service', messagingServiceSid: 'MG' + 'cd'.repeat(16), inlineBody: 'Hello' },
  {
    channel: 'Messenger',
    senderType: 'Facebook Page ID',
    fromFacebookPageId: '104417592364187',
    toMessengerUserId: '1234567890123456',
    inlineBody: 'Hi'
  },
  {
    senderType: 'Messaging Service',
    messagingServiceSid: 'MG' + 'ef'.repeat(16),
    inlineBody: 'Later',
    sendAt: new Date(Date.now() + 2 * DAY).toISOString(),
    validityPeriod: 600,
    statusCallback: 'https://example.com/cb',
    tags: { campaign: 'spring' }
  }
]

const mutations: fc.Arbitrary<Record<string, unknown>> = fc
  .shuffledSubarray(MAPPED, { maxLength: 3 })
  .chain((keys) => fc.record(Object.fromEntries(keys.map((key) => [key, valueOf(key)]))))

const anything: fc.Arbitrary<Record<string, unknown>> = fc.record(
  Object.fromEntries(MAPPED.map((key) => [key, valueOf(key)])),
  { requiredKeys: [] }
) as fc.Arbitrary<Record<string, unknown>>

/** Half near-valid mappings (a base with up to three fields changed), half anything at all. */
export const mappingArbitrary: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.tuple(fc.constantFrom(...BASES), mutations).map(([base, changes]) => ({ ...base, ...changes })),
  anything
)

/** The adversarial shapes each field meets in `adversarialMappingArbitrary`. */
const ADVERSARIAL_BY_FIELD: Record<string, fc.Arbitrary<unknown>> = {
  inlineBody: longRun,
  contentVariables: fc.oneof(
    manyKeys,
    longRun.map((text) => ({ 1: text })),
    deepNesting.map((value) => ({ 1: value }))
  ),
  tags: fc.oneof(
    manyKeys,
    deepNesting.map((value) => ({ campaign: value }))
  ),
  statusCallback: badUrl,
  inlineMediaUrls: badUrl.map((url) => [url]),
  validityPeriod: coercedNumber
}

/** A mapping a marketer could save with one field given an adversarial shape: every case reaches that field. */
export const adversarialMappingArbitrary: fc.Arbitrary<Record<string, unknown>> = fc
  .constantFrom(...Object.keys(ADVERSARIAL_BY_FIELD))
  .chain((field) =>
    fc.tuple(fc.constantFrom(...BASES), ADVERSARIAL_BY_FIELD[field]).map(([base, value]) => {
      const template = field === 'contentVariables' ? BASES[2] : field === 'inlineMediaUrls' ? BASES[1] : base
      return { ...template, [field]: value }
    })
  )

export const eventArbitrary = fc.record({
  type: fc.constant('track'),
  event: fc.constant('Fuzzed'),
  messageId: fc.uuid(),
  properties: fc.record(
    {
      phone: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('+14155552671', '415 555 2671') },
        fc.constant('nope'),
        junk
      ),
      first_name: fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) }, junk),
      body: fc.oneof(fc.string({ maxLength: 30 }), junk),
      order: fc.oneof(fc.record({ id: fc.oneof(fc.string({ maxLength: 6 }), fc.integer()) }), junk),
      items: fc.array(fc.integer(), { maxLength: 3 })
    },
    { requiredKeys: ['phone'] }
  ),
  traits: fc.record({ phone: junk, last_name: fc.string({ maxLength: 8 }) }, { requiredKeys: [] })
})

export type PropertyOutcome = 'sent' | 'validation'

const FIELD_KEYS = Object.keys(fields)
const FIELD_LABELS = Object.values(fields).map((field) => field.label)

/** Our messages say `Label (key)`; actions-core's schema messages use the label or `'key'`. */
export function namesAField(message: string): boolean {
  return (
    FIELD_KEYS.some(
      (key) => message.includes(`(${key})`) || message.includes(`'${key}'`) || message.includes(`/${key}`)
    ) || FIELD_LABELS.some((label) => message.startsWith(`${label} `) || message.includes(` ${label} `))
  )
}

/**
 * Runs the action on one mapping and event through actions-core (mapping engine, schema validation, perform)
 * with an instant transport and checks the property, and that the case took less than CASE_BUDGET_MS. Throws with
 * a description when it does not hold.
 */
export function createPropertyRunner() {
  const testDestination = createTestIntegration(destination)
  let captured: Captured | undefined
  const uninstall = installInstantTransport(undefined, (request) => {
    captured = request
  })
  const counts = { sent: 0, validation: 0 }
  let cases = 0
  async function check(mapping: Record<string, unknown>, event: Record<string, unknown>): Promise<PropertyOutcome> {
    const started = performance.now()
    const outcome = await checkOnce(mapping, event)
    const ms = performance.now() - started
    // The first case also compiles the payload schema and loads the phone library: it is not timed.
    if (cases++ > 0 && ms > CASE_BUDGET_MS) {
      throw new Error(`The case took ${Math.round(ms)} ms, over its ${CASE_BUDGET_MS} ms budget`)
    }
    return outcome
  }
  async function checkOnce(mapping: Record<string, unknown>, event: Record<string, unknown>): Promise<PropertyOutcome> {
    captured = undefined
    clearMemoryDedup()
    try {
      await testDestination.testAction('sendMessage', {
        event,
        mapping: mapping as JSONObject,
        settings,
        useDefaultMappings: true
      })
    } catch (error) {
      const err = error as Error & { status?: number }
      const validation =
        err.name === 'PayloadValidationError' ||
        (err.name === 'ValidationError' && err.status === 400) ||
        err.name === 'AggregateAjvError'
      if (!validation) throw new Error(`Not a validation error: ${err.name}: ${err.message}`)
      if (!namesAField(err.message)) throw new Error(`Validation error names no field: ${err.message}`)
      if (captured) throw new Error('A request left although validation failed')
      counts.validation++
      return 'validation'
    } finally {
      testDestination.responses.length = 0
    }
    if (!captured) throw new Error('No request and no error')
    const params = [...new URLSearchParams((captured as Captured).body).entries()]
    const problems = createMessageViolations(params)
    if (problems.length) throw new Error(`Contract: ${problems.join('; ')} in ${JSON.stringify(params)}`)
    counts.sent++
    return 'sent'
  }
  return { check, counts, uninstall }
}
